package dev.iamkeyremediator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModeTest {

    static Stream<Arguments> understood() {
        return Stream.of(Arguments.of("enforce", RunMode.ENFORCE), Arguments.of("ENFORCE", RunMode.ENFORCE),
                Arguments.of("  Enforce \n", RunMode.ENFORCE), Arguments.of("dry-run", RunMode.DRY_RUN),
                Arguments.of(" DRY-RUN", RunMode.DRY_RUN));
    }

    @ParameterizedTest
    @MethodSource("understood")
    void exactWords_trimmedAnyCase_areUnderstood(String value, RunMode expected) {
        Mode mode = Mode.fromParameterValue("/p", value);
        assertThat(mode.mode()).isEqualTo(expected);
        assertThat(mode.warning()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "enforced", "enforce!", "true", "on", "dryrun", "en force"})
    @NullSource
    void anythingElse_failsClosedToDryRun_withAWarning(String value) {
        Mode mode = Mode.fromParameterValue("/p", value);
        assertThat(mode.mode()).isEqualTo(RunMode.DRY_RUN);
        assertThat(mode.enforce()).isFalse();
        assertThat(mode.warning()).hasValueSatisfying(w -> assertThat(w).contains("/p").contains("dry-run"));
    }
}
