package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.render.ChatSummary;
import dev.iamkeyremediator.report.RunReport;

/** The chat summary, when a chat topic is set; a refusal is an error of the run in the digest. */
public final class ChatChannel implements Channel {

    private final ChatPublisher chat;
    private final ChatSummary summary;

    /** @param modeParameterName the SSM parameter holding the mode, named in the card's next steps */
    public ChatChannel(ChatPublisher chat, String modeParameterName) {
        this.chat = chat;
        this.summary = new ChatSummary(modeParameterName);
    }

    @Override
    public String name() {
        return "chat summary";
    }

    @Override
    public void publish(RunReport report, Publication publication) {
        if (!chat.configured()) {
            return;
        }
        publication.send(() -> chat.publish(summary.render(report))).ifPresent(problem -> {
            publication.notDelivered(name(), problem);
            publication.fail("chat summary not delivered");
        });
    }
}
