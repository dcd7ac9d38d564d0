package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for rule tests: every date is relative to {@link #NOW}. */
public final class Keys {

    public static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private Keys() {
    }

    public static Instant ago(Duration d) {
        return NOW.minus(d);
    }

    public static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    /** An instant on the UTC calendar day {@code days} before today's, at the given time of day ("23:59:59"). */
    public static Instant onDay(long days, String time) {
        return Instant.parse(NOW.toString().substring(0, 10) + "T" + time + "Z").minus(Duration.ofDays(days));
    }

    public static AccessKey active(String id, Instant created, Instant lastUsed) {
        return new AccessKey(id, "alice", KeyStatus.ACTIVE, created, lastUsed, lastUsed == null ? null : "s3");
    }

    public static AccessKey inactive(String id, Instant created, Instant lastUsed) {
        return new AccessKey(id, "alice", KeyStatus.INACTIVE, created, lastUsed, lastUsed == null ? null : "s3");
    }

    public static User user(Instant created, boolean password, AccessKey... keys) {
        return new User("alice", "arn:aws:iam::123456789012:user/alice", created, password, Map.of(), List.of(keys));
    }

    public static User taggedUser(Map<String, String> tags, AccessKey... keys) {
        return new User("alice", "arn:aws:iam::123456789012:user/alice", daysAgo(1000), false, tags, List.of(keys));
    }
}
