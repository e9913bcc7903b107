package org.sharpeyes.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hub.jar points …}: installer commands on the point registry of a running hub. */
@Command(name = "points", mixinStandardHelpOptions = true, subcommands = {PointsImportCommand.class, PointsDiscoverCommand.class},
        description = "Work with the point registry of a running hub.")
public final class PointsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
