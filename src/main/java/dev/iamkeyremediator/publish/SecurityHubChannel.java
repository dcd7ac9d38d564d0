package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.report.RunReport;
import java.util.List;
import java.util.function.Predicate;

/**
 * Security Hub, when on. Whatever goes wrong there (a refusal, a bug, the run's time running out) is an error of the
 * run in the digest; it never changes a key decision and never keeps the digest from going out.
 */
public final class SecurityHubChannel implements Channel {

    private final FindingsPublisher findings;
    private final Predicate<String> judged;

    /** @param judged users this run decided on in full: their earlier findings it no longer has are resolved */
    public SecurityHubChannel(FindingsPublisher findings, Predicate<String> judged) {
        this.findings = findings;
        this.judged = judged;
    }

    @Override
    public String name() {
        return "Security Hub findings";
    }

    @Override
    public void publish(RunReport report, Publication publication) {
        FindingsPublisher.Published published;
        try {
            published = findings.publish(report, judged, publication.budget());
        } catch (RuntimeException e) {
            published = new FindingsPublisher.Published(0, 0, List.of(RunError.publish("BatchImportFindings",
                    "findings not imported: " + e)));
        }
        publication.findings(published);
        if (!published.errors().isEmpty()) {
            published.errors().forEach(publication::error);
            publication.fail("Security Hub: %d errors".formatted(published.errors().size()));
        }
    }
}
