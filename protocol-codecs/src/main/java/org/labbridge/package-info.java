/**
 * labbridge protocol codecs: pure encoders, decoders and formatters shared by every module. Nothing in
 * this module opens a socket.
 */
package org.labbridge;
