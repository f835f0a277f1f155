/**
 * MQTT for the daemon's graph: the {@code mqtt-publish} node (values to a broker, per-codename retained
 * topics or one JSON object per message, a bounded outbox while the broker is away) and the
 * {@code mqtt-subscribe} node (topic filters to routed messages). The protocol is HiveMQ's MQTT client
 * (Netty-based, MQTT 3.1.1 and 5); this package holds only what labbridge adds around it.
 */
package org.labbridge.mqtt;
