package dev.iamkeyremediator.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotMatchTest {

    private static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant USED = Instant.parse("2026-11-30T08:00:00Z");

    private static CredentialReport.Row row(CredentialReport.KeySlot... slots) {
        return new CredentialReport.Row("ci", Instant.parse("2025-01-01T00:00:00Z"), Optional.of(false), List.of(slots));
    }

    private static Optional<User> identify(CredentialReport.Row row, AccessKey... listed) {
        User fromReport = row.asUser(Map.of(), Set.of(), Source.report(USED));
        return SlotMatch.identify(fromReport, row, List.of(listed));
    }

    private static AccessKey listed(String id, KeyStatus status, Instant created) {
        return new AccessKey(id, "ci", status, created.plusMillis(250), null, null);
    }

    @Test
    void eachSlot_getsTheKeyCreatedAtItsLastRotated_withTheReportsLastUse() {
        Optional<User> named = identify(row(new CredentialReport.KeySlot(1, true, T1, USED, "s3", "eu-west-1"),
                new CredentialReport.KeySlot(2, true, T2, null, null)),
                listed("AKIASECOND", KeyStatus.ACTIVE, T2), listed("AKIAFIRST", KeyStatus.ACTIVE, T1));
        assertThat(named).hasValueSatisfying(u -> {
            assertThat(u.accessKeys()).extracting(AccessKey::accessKeyId).containsExactly("AKIAFIRST", "AKIASECOND");
            assertThat(u.accessKeys()).allSatisfy(k -> assertThat(k.identified()).isTrue());
            AccessKey first = u.accessKeys().get(0);
            assertThat(first.lastUsed()).contains(USED);
            assertThat(first.lastUsedRegion()).isEqualTo("eu-west-1");
            assertThat(first.createDate()).isEqualTo(T1.plusMillis(250));
            assertThat(u.source().live()).isFalse();
        });
    }

    @Test
    void statusTellsTheKeysApart_whenLastRotatedDoesNot() {
        Optional<User> named = identify(row(new CredentialReport.KeySlot(1, true, T2, USED, "s3"),
                new CredentialReport.KeySlot(2, false, T2, null, null)),
                listed("AKIAOFF", KeyStatus.INACTIVE, T1), listed("AKIAON", KeyStatus.ACTIVE, T1));
        assertThat(named.orElseThrow().accessKeys()).extracting(AccessKey::accessKeyId).containsExactly("AKIAON", "AKIAOFF");
    }

    @Test
    void neverAGuess_keysCreatedInTheSameSecondWithOneStatus_orChangedSinceTheReport_matchNothing() {
        CredentialReport.Row twins = row(new CredentialReport.KeySlot(1, true, T1, USED, "s3"),
                new CredentialReport.KeySlot(2, true, T1, null, null));
        assertThat(identify(twins, listed("AKIAA", KeyStatus.ACTIVE, T1), listed("AKIAB", KeyStatus.ACTIVE, T1))).isEmpty();
        CredentialReport.Row one = row(new CredentialReport.KeySlot(1, true, T1, USED, "s3"));
        assertThat(identify(one, listed("AKIAA", KeyStatus.ACTIVE, T1), listed("AKIAB", KeyStatus.ACTIVE, T2)))
                .as("a key created since the report").isEmpty();
        assertThat(identify(one, listed("AKIAA", KeyStatus.INACTIVE, T1))).as("deactivated since").isEmpty();
        assertThat(identify(one, listed("AKIAA", KeyStatus.ACTIVE, T2)).orElseThrow().accessKeys().get(0).accessKeyId())
                .as("one key, one slot, the same status").isEqualTo("AKIAA");
    }

    @Test
    void aKeyRotatedAwayAndReplacedSinceTheReport_isNotTakenForTheOldOne() {
        // the owner, warned about idle key A, creates key C and deletes A after the report was generated
        CredentialReport.Row one = row(new CredentialReport.KeySlot(1, true, T1, T2, "s3"));
        assertThat(identify(one, listed("AKIAC", KeyStatus.ACTIVE, USED.plusSeconds(3600)))).isEmpty();
        // nor is a key created after the slot's last use (it cannot have made that use)
        assertThat(identify(one, listed("AKIAC", KeyStatus.ACTIVE, T2.plusSeconds(60)))).isEmpty();
    }
}
