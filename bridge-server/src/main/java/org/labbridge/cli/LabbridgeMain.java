package org.labbridge.cli;

/** Entry point of the {@code labbridge} command (placeholder until the daemon lands). */
public final class LabbridgeMain {
    private LabbridgeMain() {
    }

    public static void main(String[] args) {
        System.out.println("labbridge " + LabbridgeMain.class.getPackage().getImplementationVersion());
    }
}
