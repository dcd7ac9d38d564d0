package dev.iamkeyremediator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.time.RunBudget;
import dev.iamkeyremediator.trust.Sealer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedRequest;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedResponse;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsRequest;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.GetLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.ListUserTagsRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * IAM pages GetAccountAuthorizationDetails with Marker and IsTruncated; the emulator never truncates, so the pages
 * real IAM sends are shaped here, and the exact requests checked.
 */
class IamReaderPaginationTest {

    private static List<UserDetail> users(int from, int to) {
        List<UserDetail> users = new ArrayList<>();
        for (int i = from; i < to; i++) {
            users.add(UserDetail.builder().userName("u" + i).arn("arn:aws:iam::123456789012:user/u" + i)
                    .createDate(Instant.parse("2026-01-01T00:00:00Z"))
                    .tags(Tag.builder().key("owner").value("team-" + i).build()).build());
        }
        return users;
    }

    @Test
    void everyPageOfUsers_isRead_followingTheMarker_withTheirTags() {
        IamClient iam = mock(IamClient.class, withSettings().defaultAnswer(Mockito.CALLS_REAL_METHODS));
        ArgumentCaptor<GetAccountAuthorizationDetailsRequest> requests =
                ArgumentCaptor.forClass(GetAccountAuthorizationDetailsRequest.class);
        Mockito.doReturn(
                GetAccountAuthorizationDetailsResponse.builder().userDetailList(users(0, 100)).isTruncated(true)
                        .marker("page-2").build(),
                GetAccountAuthorizationDetailsResponse.builder().userDetailList(users(100, 150)).isTruncated(false).build())
                .when(iam).getAccountAuthorizationDetails(requests.capture());
        Mockito.doReturn(ListAccessKeysResponse.builder().accessKeyMetadata(AccessKeyMetadata.builder()
                        .accessKeyId("AKIA").userName("u").status(StatusType.ACTIVE)
                        .createDate(Instant.parse("2026-01-01T00:00:00Z")).build()).isTruncated(false).build())
                .when(iam).listAccessKeys(any(ListAccessKeysRequest.class));
        Mockito.doThrow(NoSuchEntityException.builder().message("no login profile").build())
                .when(iam).getLoginProfile(any(GetLoginProfileRequest.class));
        Mockito.doReturn(GetAccessKeyLastUsedResponse.builder().build())
                .when(iam).getAccessKeyLastUsed(any(GetAccessKeyLastUsedRequest.class));

        Inventory inventory = new IamReader(iam, 4, Settings.defaults().planner(), Clock.systemUTC(),
                Sealer.PLAIN).read(RunBudget.UNLIMITED);

        assertThat(inventory.userCount()).isEqualTo(150);
        assertThat(inventory.users()).hasSize(150);
        assertThat(requests.getAllValues()).extracting(GetAccountAuthorizationDetailsRequest::marker)
                .containsExactly(null, "page-2");
        assertThat(requests.getAllValues()).extracting(GetAccountAuthorizationDetailsRequest::maxItems).containsOnly(100);
        assertThat(requests.getAllValues()).allSatisfy(r -> assertThat(r.filter()).containsExactly(EntityType.USER));
        assertThat(inventory.users().get(149).userName()).isEqualTo("u149");
        assertThat(inventory.users().get(149).tags()).containsEntry("owner", "team-149");
        Mockito.verify(iam, Mockito.never()).listUserTags(any(ListUserTagsRequest.class));
    }
}
