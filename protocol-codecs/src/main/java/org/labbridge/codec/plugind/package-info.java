/**
 * Netdata's external-plugin protocol (plugins.d): a line writer that only emits what the running agent
 * understands ({@link org.labbridge.codec.plugind.PluginsdWriter}), the word sanitising that keeps every
 * field one word ({@link org.labbridge.codec.plugind.PluginsdText}), Netdata's own word splitter for what
 * the agent sends us ({@link org.labbridge.codec.plugind.PluginsdWords}) and the keyword availability per
 * agent version ({@link org.labbridge.codec.plugind.NetdataVersion}). Pure: no I/O.
 */
package org.labbridge.codec.plugind;
