package dev.iamkeyremediator.run;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.ModeSource;
import dev.iamkeyremediator.config.RunMode;
import dev.iamkeyremediator.errors.Problems;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.identity.CallerIdentity;
import dev.iamkeyremediator.identity.IdentitySource;
import dev.iamkeyremediator.identity.IdentityUnavailableException;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.inventory.InventoryUnavailableException;
import dev.iamkeyremediator.time.RunBudget;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run starts from: its mode, who it is, and the account's inventory, read at the same time (none depends on
 * another, and nothing is written before all three are in). Without an identity the run may write nothing: it is a
 * dry-run, says why, and fails. A mode that fell back to dry-run fails the run too, once it has published.
 *
 * @param mode           the mode the run uses (dry-run when the identity is unknown)
 * @param accountId      the account; empty when the identity could not be established
 * @param protectedKeys  the key signing the run's own requests, never touched
 * @param inventory      the account as read (empty when it could not be listed)
 * @param inventoryTaken whether the account could be listed at all
 */
record Start(Mode mode, Optional<String> accountId, Set<String> protectedKeys, Inventory inventory,
        boolean inventoryTaken) {

    private static final Logger LOG = LoggerFactory.getLogger(Start.class);

    static Start read(ModeSource modeSource, IdentitySource identity, InventorySource inventorySource, RunBudget budget,
            Problems problems) {
        return start(modeSource, identity, () -> inventory(inventorySource, budget, problems), problems);
    }

    /** The mode and the identity alone, for an exposed-key event: no inventory is taken. */
    static Start withoutInventory(ModeSource modeSource, IdentitySource identity, Problems problems) {
        return start(modeSource, identity, () -> Optional.of(Inventory.live(List.of(), 0, List.of(), "none")),
                problems);
    }

    private static Start start(ModeSource modeSource, IdentitySource identity,
            Supplier<Optional<Inventory>> inventorySource, Problems problems) {
        Mode mode;
        Optional<CallerIdentity> caller;
        Optional<Inventory> inventory;
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Mode> readMode = background.submit(modeSource::read);
            Future<Identified> identified = background.submit(() -> identify(identity));
            inventory = inventorySource.get();
            Mode read = join(readMode);
            read.warning().ifPresentOrElse(w -> lostMode(w, problems),
                    () -> LOG.info("mode", entry("mode", read.mode().parameterValue()), entry("reason", read.reason())));
            mode = read;
            Identified who = join(identified);
            caller = who.identity();
            if (caller.isEmpty()) {
                mode = withoutIdentity(mode, who.problem(), problems);
            }
        }
        return new Start(mode, caller.map(CallerIdentity::accountId),
                caller.map(c -> Set.of(c.signingAccessKeyId())).orElse(Set.of()),
                inventory.orElse(Inventory.live(List.of(), 0, List.of(), "none")), inventory.isPresent());
    }

    /**
     * A mode that is missing, unreadable or unrecognised: the run goes on as a dry-run and publishes its digest, then
     * fails, so that the error alarm fires. Losing enforcement is never silent.
     */
    private static void lostMode(String warning, Problems problems) {
        LOG.error("mode fell back to dry-run: {}", warning);
        problems.fail("the mode fell back to dry-run: " + warning);
    }

    /** Who the run is, or why that could not be established. */
    private record Identified(Optional<CallerIdentity> identity, String problem) {
    }

    private static Identified identify(IdentitySource identity) {
        try {
            return new Identified(Optional.of(identity.identify()), "");
        } catch (IdentityUnavailableException e) {
            return new Identified(Optional.empty(), e.getMessage());
        }
    }

    /** Without the signing key or the account, no write may happen: the run is a dry-run, says why, and fails. */
    private static Mode withoutIdentity(Mode mode, String problem, Problems problems) {
        String warning = "the run's identity could not be established (%s): this run writes nothing and fails"
                .formatted(problem);
        LOG.error(warning);
        problems.error(RunError.identity(problem));
        problems.fail("identity unknown: " + problem);
        if (mode.enforce()) {
            return new Mode(RunMode.DRY_RUN, "SSM says enforce, but " + warning, Optional.of(warning));
        }
        problems.warn(warning);
        return mode;
    }

    private static Optional<Inventory> inventory(InventorySource source, RunBudget budget, Problems problems) {
        try {
            return Optional.of(source.read(budget));
        } catch (InventoryUnavailableException e) {
            LOG.error("no inventory: {}", e.getMessage());
            problems.error(RunError.read(null, "inventory", e.getMessage()));
            problems.fail("no inventory: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the mode or the identity", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the mode or the identity failed unexpectedly", e.getCause());
        }
    }
}
