package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.inventory.UserReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM users held in memory, recording every read and write; for executor tests and properties. Thread-safe. */
public final class InMemoryKeyActions implements KeyWriter, UserReader {

    private final Map<String, List<AccessKey>> keysByUser = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tagsByUser = new LinkedHashMap<>();
    public final List<String> writes = new ArrayList<>();
    public final List<String> reads = new ArrayList<>();

    public InMemoryKeyActions(Inventory inventory) {
        for (User user : inventory.users()) {
            keysByUser.put(user.userName(), new ArrayList<>(user.accessKeys()));
            tagsByUser.put(user.userName(), new LinkedHashMap<>(user.tags()));
        }
    }

    /** Changes a key behind the executor's back (between inventory and action). */
    public synchronized void replace(String userName, AccessKey key) {
        List<AccessKey> keys = keysByUser.get(userName);
        keys.replaceAll(k -> k.accessKeyId().equals(key.accessKeyId()) ? key : k);
    }

    /** Tags the user behind the executor's back. */
    public synchronized void tagBehindTheBack(String userName, String key, String value) {
        tagsByUser.get(userName).put(key, value);
    }

    public synchronized void remove(String userName, String keyId) {
        keysByUser.get(userName).removeIf(k -> k.accessKeyId().equals(keyId));
    }

    @Override
    public synchronized Optional<User> reread(User user) {
        reads.add("reread " + user.userName());
        if (!keysByUser.containsKey(user.userName())) {
            return Optional.empty();
        }
        return Optional.of(new User(user.userName(), user.arn(), user.createDate(), user.hasConsolePassword(),
                Map.copyOf(tagsByUser.get(user.userName())), List.copyOf(keysByUser.get(user.userName())),
                dev.iamkeyremediator.inventory.Source.LIVE_UNTIMED, user.policies()));
    }

    @Override
    public synchronized void deactivate(String userName, String accessKeyId) {
        writes.add("deactivate " + accessKeyId);
        keysByUser.get(userName).replaceAll(k -> k.accessKeyId().equals(accessKeyId) ? k.withStatus(KeyStatus.INACTIVE) : k);
    }

    @Override
    public synchronized void delete(String userName, String accessKeyId) {
        writes.add("delete " + accessKeyId);
        keysByUser.get(userName).removeIf(k -> k.accessKeyId().equals(accessKeyId));
    }

    @Override
    public synchronized void tag(String userName, Map<String, String> tags) {
        writes.add("tag " + userName + " " + new java.util.TreeMap<>(tags));
        tagsByUser.computeIfAbsent(userName, u -> new LinkedHashMap<>()).putAll(tags);
    }

    @Override
    public synchronized void untag(String userName, Collection<String> tagKeys) {
        writes.add("untag " + userName + " " + new java.util.TreeSet<>(tagKeys));
        tagKeys.forEach(tagsByUser.getOrDefault(userName, new LinkedHashMap<>())::remove);
    }

    public synchronized Map<String, String> tags(String userName) {
        return tagsByUser.get(userName);
    }

    /** Writes to keys only (deactivate, delete), without marker writes. */
    public synchronized List<String> keyWrites() {
        return writes.stream().filter(w -> w.startsWith("deactivate ") || w.startsWith("delete ")).toList();
    }

    public synchronized List<AccessKey> keys(String userName) {
        return keysByUser.get(userName);
    }
}
