#include "domain/password_policy.h"

#include <gtest/gtest.h>

namespace baton {
namespace {

TEST(PasswordPolicyTest, AcceptsALongUncommonPassphrase) {
  EXPECT_TRUE(CheckPassword("mango tree by the nile", "iom.admin").ok());
}

TEST(PasswordPolicyTest, RejectsShortCommonRepeatedAndUsernamePasswords) {
  EXPECT_NE(CheckPassword("short", "u").message().find("at least 10"), std::string::npos);
  EXPECT_NE(CheckPassword("Password123", "u").message().find("too common"), std::string::npos);
  EXPECT_NE(CheckPassword("aaaaaaaaaaaa", "u").message().find("repeat"), std::string::npos);
  EXPECT_NE(CheckPassword("my-iom.admin-pass", "iom.admin").message().find("username"), std::string::npos);
  EXPECT_FALSE(CheckPassword(std::string(300, 'x') + "y", "u").ok());
}

TEST(PasswordPolicyTest, TheDemoPasswordIsNeverAcceptedForRealAccounts) {
  EXPECT_FALSE(CheckPassword("baton-demo", "iom.admin").ok());
}

TEST(PasswordPolicyTest, NamesTheFieldAsked) {
  Status s = CheckPassword("short", "u", "new_password");
  ASSERT_EQ(s.errors().size(), 1u);
  EXPECT_EQ(s.errors()[0].field, "new_password");
}

}  // namespace
}  // namespace baton
