/**
 * The Netty pipeline of a bridge connection, for both roles: {@link org.labbridge.bridge.pipeline.BridgePipeline}
 * writes the order of the handlers down once, and the handlers both roles share live here, each with one
 * job (writing an outbound queue, closing on errors, closing on read idleness), with what the framing
 * handler is given to count what arrived ({@link org.labbridge.bridge.pipeline.InboundMeters}) and to hand
 * messages on ({@link org.labbridge.bridge.pipeline.MessageDelivery}). The role-specific handlers live with their role ({@code org.labbridge.bridge} for the
 * server, {@code org.labbridge.client.bridge} for the client).
 */
package org.labbridge.bridge.pipeline;
