using TeamClusterSync.Core.Credentials;

namespace TeamClusterSync.Core.Tests.Credentials;

public sealed class SecretsTests
{
    // Fake tokens in real shapes, split so secret scanners do not take the source for a leak.
    [Theory]
    [InlineData("Authorization: Bearer abcdef0123456789", "Authorization: Bearer ***")]
    [InlineData("curl -H 'Authorization: Basic dXNlcjpodW50ZXIy'", "curl -H 'Authorization: Basic ***'")]
    [InlineData("sent Basic dXNlcjpodW50ZXIy to the hub", "sent Basic *** to the hub")]
    [InlineData("id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl in use", "id *** in use")]
    [InlineData("oc login --token=sha256~AbCdEf0123456789_-x", "oc login --token=***")]
    [InlineData("sha256~AbCdEf0123456789 expired", "*** expired")]
    [InlineData("slack said xoxb-1111-2222-abcdef and xoxp-9-8-7", "slack said *** and ***")]
    [InlineData("app token xapp-1-" + "A111-222-abcdef", "app token ***")]
    [InlineData("gh ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789 and github_pat_11AAAA_bbbb", "gh *** and ***")]
    [InlineData("    client-key-data: LS0tLS1CRUdJTiBSU0Eg", "    client-key-data: ***")]
    [InlineData("\"client-key-data\": \"LS0tLS1CRUdJTiBSU0Eg\"", "\"client-key-data\": \"***\"")]
    [InlineData("-----BEGIN RSA PRIVATE " + "KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY----- after", "*** after")]
    [InlineData("-----BEGIN PRIVATE " + "KEY-----\nMIIEowIBAAKCAQEA cut off", "***")]
    [InlineData("clone https://bot:s3cr3t@git.example.com/org/repo.git failed", "clone https://bot:***@git.example.com/org/repo.git failed")]
    [InlineData("password=hunter2, user=bob", "password=***, user=bob")]
    [InlineData("the basic checks and bearer tokens: none", "the basic checks and bearer tokens: none")]
    [InlineData("the cluster-version-operator is scaled to 0 replicas", "the cluster-version-operator is scaled to 0 replicas")]
    public void Redact_replaces_every_kind_of_secret_and_keeps_the_words_around_it(string text, string redacted) =>
        Assert.Equal(redacted, Secrets.Redact(text));

    [Fact]
    public void A_summary_redacts_before_it_cuts_so_no_piece_of_a_token_is_left()
    {
        var token = "ghp_" + new string('a', 36);

        var summary = Secrets.Summary(new string('x', 190) + " " + token + "\nsecond\nthird\nfourth", lines: 3, width: 200);

        Assert.Equal(new string('x', 190) + " ***" + " / second / third …", summary);
    }

    [Fact]
    public void Printable_takes_out_terminal_escapes_controls_and_direction_overrides_and_keeps_lines()
    {
        var text = "busy\u001b[2J\u001b]0;pwned\u0007 now\u0008\u0000\r\n\u202enext\u2066 line\tend\u009b31m";

        Assert.Equal("busy now\nnext line\tend", Secrets.Printable(text));
    }
}
