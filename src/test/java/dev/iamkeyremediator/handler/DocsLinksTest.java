package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is a landing page under 200 lines with its two commands first, every docs/ page is linked from it,
 * and no link between the project's Markdown files points nowhere: each relative link names a file that exists and
 * each {@code #anchor} a heading of that file (as GitHub makes anchors of headings).
 */
class DocsLinksTest {

    /** An inline link, its target bare or in angle brackets and with an optional title. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** A reference definition ({@code [name]: target}) and an HTML link. */
    private static final Pattern OTHER_LINKS = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+]:\\s*<?([^\\s>]+)>?|href=\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");
    private static final Set<String> NOT_DOCS = Set.of("target", ".git", "demo-work", ".aws-sam", ".mvn",
            "node_modules");

    private static List<Path> markdownFiles() {
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            return files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> {
                        for (Path part : f.normalize()) {
                            if (NOT_DOCS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    }).map(Path::normalize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Markdown file's prose: fenced code blocks blanked line for line, inline code spans emptied. */
    private static String prose(Path file) {
        StringBuilder prose = new StringBuilder();
        boolean fenced = false;
        for (String line : read(file).split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                line = "";
            }
            prose.append(fenced ? "" : line.replaceAll("`[^`]*`", "``")).append('\n');
        }
        return prose.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(Path file) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : read(file).split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String slug = slugOf(heading.group(1));
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    static String slugOf(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    @Test
    void everyLinkBetweenTheProjectsMarkdownFiles_pointsAtAFileAndAHeadingThatExist() {
        List<String> broken = new ArrayList<>();
        List<Path> files = markdownFiles();
        assertThat(files).contains(Path.of("README.md"), Path.of("CHANGELOG.md"), Path.of("SECURITY.md"));
        int checked = 0;
        for (Path file : files) {
            String prose = prose(file);
            for (Matcher link : List.of(LINK.matcher(prose), OTHER_LINKS.matcher(prose))) {
                while (link.find()) { // link text may run over a line break
                    String target = link.group(1) != null ? link.group(1) : link.group(2);
                    if (!target.matches("(?i)(https?|mailto):.*")) {
                        checked++;
                        brokenLink(file, prose, link.start(), target).ifPresent(broken::add);
                    }
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(30);
    }

    /** Why a relative link of {@code file} (at {@code at} in its prose) points nowhere, if it does. */
    private static Optional<String> brokenLink(Path file, String prose, int at, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path resolved = path.isEmpty() ? file : file.resolveSibling(path).normalize();
        long line = prose.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        String where = "%s:%d: %s".formatted(file, line, target);
        if (!Files.exists(resolved)) {
            return Optional.of(where + " (no such file)");
        }
        if (hash >= 0 && !(resolved.toString().endsWith(".md")
                && anchors(resolved).contains(target.substring(hash + 1)))) {
            return Optional.of(where + " (no such heading in " + resolved + ")");
        }
        return Optional.empty();
    }

    @Test
    void theReadme_isALandingPage_withItsTwoCommandsFirst_linkingEveryDocsPage() throws IOException {
        String readme = read(Path.of("README.md"));
        assertThat(readme.lines().count()).isLessThan(200);
        int firstBlock = readme.indexOf("```bash\n");
        assertThat(firstBlock).isPositive();
        String commands = readme.substring(firstBlock, readme.indexOf("```\n", firstBlock + 8));
        assertThat(commands.lines().skip(1).toList()).hasSize(2);
        assertThat(commands).contains("./demo/run-demo.sh").contains("./scripts/test.sh");
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            List<String> pages = docs.map(p -> "docs/" + p.getFileName()).filter(p -> p.endsWith(".md")).toList();
            assertThat(pages).hasSizeGreaterThanOrEqualTo(5);
            pages.forEach(page -> assertThat(readme).as("README links " + page).contains("](" + page));
        }
    }

    @Test
    void anchors_areMadeAsGitHubMakesThem() {
        assertThat(slugOf("The backout window: deactivate, wait, then delete"))
                .isEqualTo("the-backout-window-deactivate-wait-then-delete");
        assertThat(slugOf("Install from a release")).isEqualTo("install-from-a-release");
        assertThat(slugOf("`EXPOSED_KEY` and the root key")).isEqualTo("exposed_key-and-the-root-key");
        assertThat(slugOf("Deploy to a whole AWS Organization")).isEqualTo("deploy-to-a-whole-aws-organization");
    }
}
