using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Storage;

/// <summary>
/// The queue and table service clients, from a connection string (Azurite locally) or service URIs with
/// managed identity (Azure). Queue messages are Base64, as the Functions queue trigger expects.
/// </summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Queues = new QueueServiceClient(o.ConnectionString, queueOptions);
            Tables = new TableServiceClient(o.ConnectionString);
        }
        else if (o.QueueServiceUri is not null && o.TableServiceUri is not null)
        {
            var credential = new DefaultAzureCredential();
            Queues = new QueueServiceClient(o.QueueServiceUri, credential, queueOptions);
            Tables = new TableServiceClient(o.TableServiceUri, credential);
        }
        else
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions),
                ["Set Storage:ConnectionString (e.g. UseDevelopmentStorage=true for Azurite), or both Storage:QueueServiceUri and Storage:TableServiceUri."]);
        }
    }

    public QueueServiceClient Queues { get; }

    public TableServiceClient Tables { get; }

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    public TableClient Table(string name) => Tables.GetTableClient(name);
}
