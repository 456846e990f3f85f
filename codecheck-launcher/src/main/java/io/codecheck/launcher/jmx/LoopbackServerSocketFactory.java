package io.codecheck.launcher.jmx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;

/**
 * Listens on 127.0.0.1 only. All instances are equal: RMI then lets the registry and the connector server share
 * one listening port (one port to open, as with com.sun.management.jmxremote.rmi.port = port).
 */
final class LoopbackServerSocketFactory implements RMIServerSocketFactory {

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ServerSocket(port, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LoopbackServerSocketFactory;
    }

    @Override
    public int hashCode() {
        return LoopbackServerSocketFactory.class.hashCode();
    }
}
