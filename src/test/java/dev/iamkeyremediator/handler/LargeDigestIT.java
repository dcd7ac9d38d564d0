package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.report.RunSummary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Thousands of findings: the digest goes out in numbered parts that each fit SNS, and none is lost. */
@ExtendWith(MotoAccount.class)
class LargeDigestIT {

    private static final int USERS = 1500;

    @Test
    void thousandsOfFindings_arePublishedInNumberedPartsUnderTheSnsLimit(TestAccount account) throws Exception {
        Moto moto = Moto.shared();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            // IAM's longest user names (64 characters), so that the lines are as long as they get
            List<String> names = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                names.add("svc-%04d-".formatted(i) + "x".repeat(55));
            }
            moto.travel("-201d");
            List<Future<?>> users = new ArrayList<>();
            names.forEach(name -> users.add(pool.submit(() -> account.createUser(name))));
            for (Future<?> f : users) {
                f.get();
            }
            // a day later: the keys are no setup keys, so the run reads no console password (a call less per user)
            moto.travel("-200d");
            List<Future<String>> created = new ArrayList<>();
            names.forEach(name -> created.add(pool.submit(() -> account.createKey(name).id())));
            List<String> keyIds = new ArrayList<>();
            for (Future<String> f : created) {
                keyIds.add(f.get());
            }
            moto.travel("+0");
            String topic = account.topicWithQueue();
            account.setMode("dry-run");
            RunSummary summary = TestRun.against(moto.endpoint()).env("TOPIC_ARN", topic).run();

            List<TestAccount.Digest> parts = account.digests();
            assertThat(summary.digestParts()).isEqualTo(parts.size());
            assertThat(parts).hasSizeGreaterThan(1);
            parts.sort(java.util.Comparator.comparing(TestAccount.Digest::body));
            StringBuilder all = new StringBuilder();
            for (TestAccount.Digest part : parts) {
                assertThat(part.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256 * 1024);
                assertThat(part.subject()).hasSizeLessThan(100).matches(".* \\(\\d/%d\\)".formatted(parts.size()));
                assertThat(part.body()).startsWith("(part ");
                all.append(part.body());
            }
            for (String id : keyIds) {
                assertThat(all.indexOf(id)).as(id).isNotNegative();
            }
            assertThat(all.toString()).contains("== Would deactivate (dry-run) (50) ==")
                    .contains("== Deferred past MAX_ACTIONS_PER_RUN (%d) ==".formatted(USERS - 50));
        }
    }
}
