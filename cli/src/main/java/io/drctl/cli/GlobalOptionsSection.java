package io.drctl.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A subcommand's help lists its own options first, then the global ones (inherited from
 * {@code drctl}: --output, --state-dir, --kubeconfig, ...) under a heading of their own, so that
 * what {@code drctl run --help} is about is not drowned in options every command shares.
 */
final class GlobalOptionsSection {
    private GlobalOptionsSection() {}

    /** Installs the split option list on every subcommand of {@code root}, at any depth. */
    static void installUnder(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            sub.getHelpSectionMap()
                    .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, GlobalOptionsSection::render);
            installUnder(sub);
        }
    }

    private static String render(Help help) {
        List<OptionSpec> options = help.commandSpec().options();
        List<OptionSpec> own = options.stream().filter(o -> !o.inherited()).toList();
        List<OptionSpec> global = options.stream().filter(OptionSpec::inherited).toList();
        // Each list gets a fresh layout (a layout keeps its rows); both size their columns from
        // all the command's options, so the two lists line up.
        String ownText = help.optionListExcludingGroups(
                own, help.createDefaultLayout(), help.createDefaultOptionSort(), help.parameterLabelRenderer());
        if (global.isEmpty()) {
            return ownText;
        }
        return ownText + "Global options:" + System.lineSeparator()
                + help.optionListExcludingGroups(
                        global,
                        help.createDefaultLayout(),
                        help.createDefaultOptionSort(),
                        help.parameterLabelRenderer());
    }
}
