package dev.iamkeyremediator.it;

import dev.iamkeyremediator.it.TestAccount.Key;

/**
 * A small account with a user in every situation the rules know, built by moving moto's clock:
 *
 * <pre>
 * user                key  history                                        expected
 * setup-key-user      SK   password; key 0 s after user, 2 days ago, unused INITIAL_SETUP_KEY delete
 * ci-bot-unused       CI   created 400 d ago, last used 100 d ago           UNUSED_KEY deactivate
 * old-inactive        OI   used 130 d ago, then deactivated                 STALE_INACTIVE_KEY delete
 * two-keys-rotating   RA   used 20 d ago; RB used yesterday                 MULTIPLE_ACTIVE_KEYS deactivate RA
 * two-keys-busy       BA   both keys used 2 days ago                        MULTIPLE_ACTIVE_KEYS report
 * old-but-busy        OB   created 400 d ago, used yesterday                KEY_ROTATION_DUE report
 * exempt-svc          EX   would be UNUSED_KEY; tagged exempt=true          exempt
 * soon-unused         UP   created 88 d ago, never used                     upcoming UNUSED_KEY in 2 d
 * healthy             HE   created 10 d ago, used yesterday                 nothing
 * no-keys, console-only    no access keys                                   nothing
 * </pre>
 */
public final class Scenario {

    public Key setupKey;
    public Key ciBot;
    public Key oldInactive;
    public Key rotatingOld;
    public Key rotatingNew;
    public Key busyA;
    public Key busyB;
    public Key oldButBusy;
    public Key exempt;
    public Key soonUnused;
    public Key healthy;

    public static Scenario seed(TestAccount account) {
        Scenario s = new Scenario();
        Moto moto = account.moto();
        moto.travel("-400d");
        account.createUser("old-but-busy");
        s.oldButBusy = account.createKey("old-but-busy");
        account.createUser("exempt-svc");
        account.tag("exempt-svc", "iam-key-remediator:exempt", "true");
        s.exempt = account.createKey("exempt-svc");
        account.createUser("ci-bot-unused");
        s.ciBot = account.createKey("ci-bot-unused");
        account.createUser("old-inactive");
        s.oldInactive = account.createKey("old-inactive");

        moto.travel("-130d");
        account.use(s.oldInactive);
        account.deactivate(s.oldInactive);

        moto.travel("-100d");
        account.use(s.ciBot);
        account.use(s.exempt);

        moto.travel("-88d");
        account.createUser("soon-unused");
        s.soonUnused = account.createKey("soon-unused");

        moto.travel("-60d");
        account.createUser("two-keys-rotating");
        s.rotatingOld = account.createKey("two-keys-rotating");

        moto.travel("-30d");
        s.rotatingNew = account.createKey("two-keys-rotating");
        account.createUser("two-keys-busy");
        s.busyA = account.createKey("two-keys-busy");
        s.busyB = account.createKey("two-keys-busy");

        moto.travel("-20d");
        account.use(s.rotatingOld);

        moto.travel("-10d");
        account.createUser("healthy");
        s.healthy = account.createKey("healthy");

        moto.travel("-2d");
        account.createUser("setup-key-user");
        account.givePassword("setup-key-user");
        s.setupKey = account.createKey("setup-key-user");
        account.use(s.busyA);
        account.use(s.busyB);

        moto.travel("-1d");
        account.use(s.rotatingNew);
        account.use(s.oldButBusy);
        account.use(s.healthy);

        moto.travel("+0");
        account.createUser("no-keys");
        account.createUser("console-only");
        account.givePassword("console-only");
        return s;
    }
}
