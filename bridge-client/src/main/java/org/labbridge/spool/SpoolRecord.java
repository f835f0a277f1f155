package org.labbridge.spool;

/**
 * One record read from a spool.
 *
 * @param seq     its sequence number (consecutive in append order, never reused in one spool directory)
 * @param payload what was appended
 */
public record SpoolRecord(long seq, byte[] payload) {
}
