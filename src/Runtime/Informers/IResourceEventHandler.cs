namespace DynamoMcp.Runtime.Informers;

/// <summary>Receives cache changes; called on the informer's thread, so keep it short (enqueue a key).</summary>
public interface IResourceEventHandler<in T>
{
    void OnAdd(T obj);

    void OnUpdate(T oldObj, T newObj);

    void OnDelete(T obj);
}
