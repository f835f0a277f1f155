/**
 * A crash-safe disk spool: an append-only log of opaque records in segment files, each record with a
 * CRC32C, and a read offset file replaced atomically. {@link org.labbridge.spool.Spool} is the log (one
 * writer thread, any number of appending threads, one reading thread); {@link org.labbridge.spool.SpoolForwarder}
 * moves its records to an {@link org.labbridge.spool.SpoolForwarder.Outlet} (a bridge client, an MQTT
 * publisher) and commits what the outlet reports delivered.
 */
package org.labbridge.spool;
