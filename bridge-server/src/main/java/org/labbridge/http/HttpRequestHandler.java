package org.labbridge.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Dispatches a decoded request to the {@link HttpEndpoint} of its path. Only {@code GET} and {@code HEAD}
 * are served (the endpoint changes nothing); a request the codec could not decode gets {@code 400} and
 * the connection is closed, as it cannot be trusted to be in sync any more.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

    private final Map<String, HttpEndpoint> endpoints;

    HttpRequestHandler(Map<String, HttpEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            write(ctx, request, HttpReply.text(HttpResponseStatus.BAD_REQUEST, "bad request"), false, true);
            return;
        }
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        if (!head && !HttpMethod.GET.equals(method)) {
            write(ctx, request, HttpReply.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD"), false,
                    false);
            return;
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        HttpEndpoint endpoint = endpoints.get(path);
        HttpReply reply;
        if (endpoint == null) {
            reply = HttpReply.text(HttpResponseStatus.NOT_FOUND, "no such path; try " + String.join(", ", endpoints.keySet()));
        } else {
            String accept = request.headers().get(HttpHeaderNames.ACCEPT, "");
            try {
                reply = endpoint.get(query, accept);
            } catch (RuntimeException e) {
                log.warn("http {}: {}", path, e.toString());
                log.debug("http {} failed", path, e);
                reply = HttpReply.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
            }
        }
        write(ctx, request, reply, head, false);
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, HttpReply reply, boolean head,
                              boolean forceClose) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        if (reply.status() == HttpResponseStatus.METHOD_NOT_ALLOWED) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        }
        boolean keepAlive = !forceClose && HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        var f = ctx.writeAndFlush(response);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // an idle keep-alive connection must not hold a slot for ever
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("http connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
