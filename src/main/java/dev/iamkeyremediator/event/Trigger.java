package dev.iamkeyremediator.event;

/** What an invocation asks for: the scheduled run, or the answer to one exposed-key event. */
public sealed interface Trigger {

    /** A schedule tick, or any payload that is not an exposed-key event. */
    record Scheduled(String why) implements Trigger {
    }

    /** An AWS Health or Trusted Advisor event about an exposed key. */
    record ExposedKey(ExposedKeyEvent event) implements Trigger {
    }
}
