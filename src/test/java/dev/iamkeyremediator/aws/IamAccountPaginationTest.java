package dev.iamkeyremediator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.iamkeyremediator.inventory.Inventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedRequest;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedResponse;
import software.amazon.awssdk.services.iam.model.GetLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.ListUserTagsRequest;
import software.amazon.awssdk.services.iam.model.ListUserTagsResponse;
import software.amazon.awssdk.services.iam.model.ListUsersRequest;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;

/**
 * IAM pages ListUsers with Marker and IsTruncated; the emulator never truncates, so the pages real IAM sends are
 * shaped here, and the exact requests checked.
 */
class IamAccountPaginationTest {

    private static List<User> users(int from, int to) {
        List<User> users = new ArrayList<>();
        for (int i = from; i < to; i++) {
            users.add(User.builder().userName("u" + i).arn("arn:aws:iam::123456789012:user/u" + i)
                    .createDate(Instant.parse("2026-01-01T00:00:00Z")).build());
        }
        return users;
    }

    @Test
    void everyPageOfUsers_isRead_followingTheMarker() {
        IamClient iam = mock(IamClient.class, withSettings().defaultAnswer(Mockito.CALLS_REAL_METHODS));
        ArgumentCaptor<ListUsersRequest> requests = ArgumentCaptor.forClass(ListUsersRequest.class);
        Mockito.doReturn(
                ListUsersResponse.builder().users(users(0, 100)).isTruncated(true).marker("page-2").build(),
                ListUsersResponse.builder().users(users(100, 150)).isTruncated(false).build())
                .when(iam).listUsers(requests.capture());
        Mockito.doReturn(ListAccessKeysResponse.builder().accessKeyMetadata(AccessKeyMetadata.builder()
                        .accessKeyId("AKIA").userName("u").status(StatusType.ACTIVE)
                        .createDate(Instant.parse("2026-01-01T00:00:00Z")).build()).isTruncated(false).build())
                .when(iam).listAccessKeys(any(ListAccessKeysRequest.class));
        Mockito.doThrow(NoSuchEntityException.builder().message("no login profile").build())
                .when(iam).getLoginProfile(any(GetLoginProfileRequest.class));
        Mockito.doReturn(ListUserTagsResponse.builder().isTruncated(false).build())
                .when(iam).listUserTags(any(ListUserTagsRequest.class));
        Mockito.doReturn(GetAccessKeyLastUsedResponse.builder().build())
                .when(iam).getAccessKeyLastUsed(any(GetAccessKeyLastUsedRequest.class));

        Inventory inventory = new IamAccount(iam, 4, dev.iamkeyremediator.rules.Planner.fromSettings(dev.iamkeyremediator.config.Settings.defaults()).initialSetup()).read(dev.iamkeyremediator.inventory.RunBudget.UNLIMITED);

        assertThat(inventory.userCount()).isEqualTo(150);
        assertThat(inventory.users()).hasSize(150);
        assertThat(requests.getAllValues()).extracting(ListUsersRequest::marker).containsExactly(null, "page-2");
        assertThat(requests.getAllValues()).extracting(ListUsersRequest::maxItems).containsOnly(100);
        assertThat(inventory.users().get(149).userName()).isEqualTo("u149");
    }
}
