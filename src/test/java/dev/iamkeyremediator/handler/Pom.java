package dev.iamkeyremediator.handler;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/** The project's pom.xml, read as the tests that tie the release together need it. */
final class Pom {

    private static final Element PROJECT = read();

    private Pom() {
    }

    private static Element read() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile()).getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("pom.xml cannot be read", e);
        }
    }

    /** The text of a direct child of {@code <project>} (not one of a dependency or plugin), e.g. version. */
    static String project(String name) {
        return child(PROJECT, name);
    }

    /** A property of {@code <properties>}, e.g. aws.sdk.version. */
    static String property(String name) {
        return child(element(PROJECT, "properties"), name);
    }

    /** The licence's name, the first of {@code <licenses>}. */
    static String licenseName() {
        return child(element(element(PROJECT, "licenses"), "license"), "name");
    }

    private static String child(Element parent, String name) {
        return element(parent, name).getTextContent().strip();
    }

    private static Element element(Element parent, String name) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("pom.xml has no <" + name + "> under <" + parent.getTagName() + ">");
    }
}
