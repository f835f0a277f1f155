/**
 * {@code labbridge.plugin}: a Netdata external plugin (plugins.d protocol) that charts PyExpLabSys pull
 * sockets, the labbridge bridge and the labbridge daemon's own meters. Entry point:
 * {@link org.labbridge.netdata.PluginMain}; installation: {@link org.labbridge.netdata.Install}.
 */
package org.labbridge.netdata;
