/**
 * Logging for events a peer can trigger: {@link org.labbridge.logging.RateLimitedLogger} writes at most
 * about one line per cause per interval and then a summary, so that hostile traffic cannot fill the log.
 */
package org.labbridge.logging;
