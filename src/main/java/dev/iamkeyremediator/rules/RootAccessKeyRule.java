package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ROOT_ACCESS_KEY (CIS 1.4 / 2.3, Security Hub IAM.4): the credential report's {@code <root_account>} row has an
 * Active access key. Report only, and critical: only the root user, or {@code sts:AssumeRoot} from the management
 * account with centralized root access, can delete it.
 */
public final class RootAccessKeyRule implements Rule {

    public static final String ID = "ROOT_ACCESS_KEY";
    static final RuleDefinition DEFINITION = new RuleDefinition(List.of(), s -> new RootAccessKeyRule());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String standards() {
        return "CIS 1.4 (v1.4-v3.0) / 2.3 (v6); Security Hub IAM.4";
    }

    @Override
    public List<String> requirements() {
        return List.of("CIS AWS Foundations Benchmark v1.4.0/1.4", "CIS AWS Foundations Benchmark v3.0.0/1.4",
                "CIS AWS Foundations Benchmark v6.0.0/2.3", "IAM.4");
    }

    @Override
    public boolean judges(User user) {
        return user.root();
    }

    @Override
    public boolean critical() {
        return true;
    }

    @Override
    public Optional<String> reportAdvice() {
        return Optional.of("Delete the root user's access key: sign in as the root user (Security credentials, Access"
                + " keys, Delete), or from the management account with centralized root access: aws sts assume-root"
                + " --target-principal ACCOUNT_ID --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/"
                + "IAMDeleteRootUserCredentials, then aws iam delete-access-key --access-key-id KEY_ID with those"
                + " credentials.");
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        return user.accessKeys().stream().filter(AccessKey::active)
                .map(key -> new Finding(key.accessKeyId(), this, Action.REPORT, key.createDate(),
                        "the root user has an Active access key (%s)".formatted(key.lastUsed()
                                .map(at -> "last used " + at.toString().substring(0, 10)).orElse("never used"))))
                .toList();
    }
}
