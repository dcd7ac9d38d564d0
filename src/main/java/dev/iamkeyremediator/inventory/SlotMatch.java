package dev.iamkeyremediator.inventory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Names the keys of a user known from the credential report, whose rows number keys by slot: the user's keys as
 * {@code ListAccessKeys} gives them (id, status, creation) are matched to the slots, by the slot's
 * {@code last_rotated} against the key's creation to the second, else by status among the keys that existed when
 * the report was generated and before the slot's last use. Never a guess: when the keys changed since the report
 * (a key rotated away and replaced within the report's age), or two keys could be either slot, there is no match,
 * and the user is read live instead.
 */
public final class SlotMatch {

    private SlotMatch() {
    }

    /**
     * @param fromReport the user as the report shows it (keys by slot)
     * @param row        its report row
     * @param listed     its keys now, without their last use
     * @return the user with each key named by its id and exact creation, its last use from the report; empty when
     *         the slots cannot be matched for certain
     */
    public static Optional<User> identify(User fromReport, CredentialReport.Row row, List<AccessKey> listed) {
        List<CredentialReport.KeySlot> slots = row.keys();
        if (slots.size() != listed.size() || slots.stream().anyMatch(s -> s.lastRotated() == null)) {
            return Optional.empty();
        }
        List<AccessKey> named = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (CredentialReport.KeySlot slot : slots) {
            Optional<AccessKey> match = only(listed.stream().filter(k -> sameStatus(k, slot))
                    .filter(k -> seconds(k.createDate()).equals(seconds(slot.lastRotated()))).toList())
                    .or(() -> only(listed.stream().filter(k -> sameStatus(k, slot))
                            .filter(k -> couldBe(k, slot, fromReport.source())).toList()));
            if (match.isEmpty() || !taken.add(match.get().accessKeyId())) {
                return Optional.empty();
            }
            AccessKey key = match.get();
            named.add(new AccessKey(key.accessKeyId(), fromReport.userName(), key.status(), key.createDate(),
                    slot.lastUsed(), slot.lastUsedService(), 0, slot.lastUsedRegion()));
        }
        return Optional.of(new User(fromReport.userName(), fromReport.arn(), fromReport.createDate(),
                fromReport.hasConsolePassword(), fromReport.tags(), named, fromReport.source(), fromReport.policies()));
    }

    /** A key created after the report, or after the slot's last use, cannot be the slot's key. */
    private static boolean couldBe(AccessKey key, CredentialReport.KeySlot slot, Source report) {
        Instant created = seconds(key.createDate());
        boolean inReport = report.reportGeneratedAt().map(at -> !created.isAfter(at)).orElse(false);
        return inReport && (slot.lastUsed() == null || !created.isAfter(slot.lastUsed()));
    }

    private static boolean sameStatus(AccessKey key, CredentialReport.KeySlot slot) {
        return key.active() == slot.active();
    }

    private static Optional<AccessKey> only(List<AccessKey> candidates) {
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static Instant seconds(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS);
    }
}
