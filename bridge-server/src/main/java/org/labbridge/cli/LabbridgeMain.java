package org.labbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code labbridge} command: the daemon ({@code run}, {@code check}) and client tools for people and
 * scripts ({@code pull}, {@code push}, {@code listen}, {@code send}). Exit codes: {@link ExitCodes}.
 */
@Command(name = "labbridge", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = LabbridgeMain.VersionProvider.class,
        description = "Lab data bridge: PyExpLabSys-compatible UDP sockets, a delimited-JSON TCP bridge, Netdata.",
        subcommands = {RunCommand.class, CheckCommand.class, VersionCommand.class, PullCommand.class, PushCommand.class,
                ListenCommand.class, SendCommand.class, TopCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failed (error reply, daemon could not start)",
                "2:bad usage or invalid configuration", "3:unreachable (timeout, refused)"})
public final class LabbridgeMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LogLevels.quietUnlessDaemon(args);
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new LabbridgeMain());
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILED);
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    /** {@code labbridge --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VersionCommand.line()};
        }
    }
}
