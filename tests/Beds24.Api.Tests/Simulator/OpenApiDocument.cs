using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using YamlDotNet.Serialization;

namespace Beds24.Api.Tests.Simulator;

/// <summary>
/// Beds24's own OpenAPI document (docs/beds24/openapi-v2.yaml) turned into JSON Schemas NJsonSchema can validate
/// with: $refs inlined, OpenAPI's <c>nullable</c> turned into a null type.
/// </summary>
internal sealed class OpenApiDocument
{
    private readonly JsonNode _root;

    private OpenApiDocument(JsonNode root) => _root = root;

    public static OpenApiDocument Load()
    {
        var path = FindSpec();
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(File.ReadAllText(path));
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(yaml!);
        return new OpenApiDocument(JsonNode.Parse(json)!);
    }

    /// <summary>The response schema of <paramref name="method"/> <paramref name="path"/> for <paramref name="status"/>.</summary>
    public async Task<JsonSchema> ResponseSchemaAsync(string path, string method, string status)
    {
        var schema = _root["paths"]![path]![method]!["responses"]![status]!["content"]!["application/json"]!["schema"]!;
        return await JsonSchema.FromJsonAsync(Inline(schema, 0)!.ToJsonString());
    }

    /// <summary>The request body schema of <paramref name="method"/> <paramref name="path"/> (e.g. the webhook pseudo-path's payload).</summary>
    public async Task<JsonSchema> RequestSchemaAsync(string path, string method)
    {
        var schema = _root["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        return await JsonSchema.FromJsonAsync(Inline(schema, 0)!.ToJsonString());
    }

    public async Task<JsonSchema> ComponentSchemaAsync(string name) =>
        await JsonSchema.FromJsonAsync(Inline(_root["components"]!["schemas"]![name]!, 0)!.ToJsonString());

    private JsonNode? Inline(JsonNode? node, int depth)
    {
        if (depth > 40)
        {
            throw new InvalidOperationException("The OpenAPI document nests $refs too deeply.");
        }

        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue reference:
                var pointer = reference.GetValue<string>().TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries);
                var target = pointer.Aggregate<string, JsonNode?>(_root, (current, part) => current?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]);
                return Inline(target ?? throw new InvalidOperationException($"Unresolved $ref {reference}"), depth + 1);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key is "example" or "examples")
                    {
                        continue;
                    }

                    copy[key] = Inline(value, depth + 1);
                }

                // OpenAPI 3.0 "nullable: true" = JSON Schema type [T, "null"].
                if (copy["nullable"] is JsonValue nullable && nullable.ToString() == "true" && copy["type"] is JsonValue type)
                {
                    copy["type"] = new JsonArray(type.ToString(), "null");
                    copy.Remove("enum");
                }

                // The webhook schema spells it "format: nullable" (cancelTime); the server sends null there too.
                if (copy["format"] is JsonValue format && format.ToString() == "nullable" && copy["type"] is JsonValue formatType)
                {
                    copy["type"] = new JsonArray(formatType.ToString(), "null");
                    copy.Remove("format");
                }

                copy.Remove("nullable");
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Inline(item, depth + 1))]);
            default:
                return node?.DeepClone();
        }
    }

    private static string FindSpec()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "openapi-v2.yaml");
        if (File.Exists(copied))
        {
            return copied;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "beds24", "openapi-v2.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/beds24/openapi-v2.yaml not found above " + AppContext.BaseDirectory);
    }

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
