package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.render.DigestRenderer;
import dev.iamkeyremediator.render.OwnerNotices;
import dev.iamkeyremediator.report.RunReport;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One notice per owner, before the digest so that the digest can say who was told; a notice that cannot be
 * published, or is not reached before the channels' time runs out, is an error of the run in the digest, and the
 * other notices and the digest still go out.
 */
public final class OwnerNoticeChannel implements Channel {

    private final DigestPublisher publisher;
    private final OwnerNotices notices;
    private final String ownerTagKey;

    public OwnerNoticeChannel(DigestPublisher publisher, String ownerTagKey, String exemptTagKey) {
        this.publisher = publisher;
        this.notices = new OwnerNotices(ownerTagKey, exemptTagKey);
        this.ownerTagKey = ownerTagKey;
    }

    @Override
    public String name() {
        return "owner notices";
    }

    @Override
    public void publish(RunReport report, Publication publication) {
        OwnerNotices.Notices rendered = notices.render(report);
        Map<String, Integer> told = new TreeMap<>();
        Set<String> notDelivered = new TreeSet<>();
        for (OwnerNotices.Notice notice : rendered.notices()) {
            told.put(notice.owner(), notice.keys());
            Optional<String> problem = publication.send(() -> publisher.publishNotice(notice));
            problem.ifPresent(p -> {
                notDelivered.add(notice.owner());
                publication.notDelivered("notice to owner " + notice.owner(), p);
            });
        }
        if (!notDelivered.isEmpty()) {
            publication.fail("%d owner notices not delivered".formatted(notDelivered.size()));
        }
        publication.owners(new DigestRenderer.Owners(ownerTagKey, told, notDelivered, rendered.unowned(),
                !told.isEmpty() && notDelivered.isEmpty() && !publisher.noticesReachOwners()));
    }
}
