package dev.iamkeyremediator.render;

import java.util.List;

/**
 * The digest as it is published: one message, or numbered parts when the body is over SNS's size limit.
 *
 * @param parts each part's subject and body, in order
 */
public record Digest(List<Part> parts) {

    public Digest {
        parts = List.copyOf(parts);
    }

    /** The whole body, as one text (for the log when publishing fails). */
    public String fullText() {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            text.append(part.body());
        }
        return text.toString();
    }

    public record Part(String subject, String body) {
    }
}
