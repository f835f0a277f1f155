package org.labbridge.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code labbridge version}: one line, for scripts and bug reports. */
@Command(name = "version", description = "Print the version of labbridge, Netty and Java.")
final class VersionCommand implements Callable<Integer> {

    static String line() {
        return "labbridge " + Versions.labbridge() + " (netty " + Versions.netty() + ", java "
                + System.getProperty("java.version") + ")";
    }

    @Override
    public Integer call() {
        System.out.println(line());
        return ExitCodes.OK;
    }
}
