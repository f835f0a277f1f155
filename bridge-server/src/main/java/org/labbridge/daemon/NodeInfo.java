package org.labbridge.daemon;

import io.micrometer.core.instrument.Tag;

import java.util.List;

/**
 * What the daemon tells operators about one running node ({@code /api/nodes}, {@code labbridge top}).
 *
 * @param name      the node's name
 * @param kind      its {@code kind} ({@code metrics} for the built-in metrics socket)
 * @param state     {@code starting}, {@code running} or {@code stopped}
 * @param endpoint  kind and address, as {@link Node#describe()} says
 * @param meterTags tags that mark a meter as this node's: a meter carrying any of them belongs to it
 */
public record NodeInfo(String name, String kind, String state, String endpoint, List<Tag> meterTags) {
}
