package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.report.RunReport;

/**
 * One place a run's results go: Security Hub, the owners' notices, chat, the digest. A channel records what it
 * sent and every problem in the {@link Publication}; what it throws is recorded there too, as the channel's refusal.
 */
public interface Channel {

    /** What the channel publishes, for the errors and the log (e.g. "chat summary"). */
    String name();

    /** @param report the run, with every error recorded so far */
    void publish(RunReport report, Publication publication);
}
