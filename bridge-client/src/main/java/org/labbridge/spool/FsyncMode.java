package org.labbridge.spool;

/**
 * When the spool's writer calls {@code fsync} (YAML {@code fsync: always | interval | never}). Every mode
 * completes an append only after its record was written to the operating system (so a killed process
 * never loses a completed append); the modes differ in what survives a power cut or kernel crash.
 */
public enum FsyncMode {
    /** fsync before an append completes: a completed append survives a power cut. */
    ALWAYS,
    /** fsync at most every {@code fsync_interval}: a power cut loses at most the appends of that interval. */
    INTERVAL,
    /** never fsync (the OS writes back when it likes, typically within 30 s); a power cut may lose more. */
    NEVER
}
