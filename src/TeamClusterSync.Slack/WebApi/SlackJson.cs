using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamClusterSync.Slack.WebApi;

/// <summary>
/// The one JSON convention of the Slack API (snake_case, nulls omitted), plus the flattening that turns a request
/// record into form fields for the methods that refuse JSON bodies.
/// </summary>
internal static class SlackJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Form fields from a request record: strings as they are, lists of strings comma-joined (Slack's list
    /// convention), anything else as its JSON text.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> ToFormFields(object request)
    {
        var element = JsonSerializer.SerializeToElement(request, request.GetType(), Options);
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            yield return new(property.Name, FormValue(property.Value));
        }
    }

    private static string FormValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            => string.Join(',', value.EnumerateArray().Select(e => e.GetString())),
        _ => value.GetRawText(),
    };
}
