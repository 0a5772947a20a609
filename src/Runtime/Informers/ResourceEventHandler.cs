namespace DynamoMcp.Runtime.Informers;

/// <summary>An <see cref="IResourceEventHandler{T}"/> from delegates; a missing delegate ignores that event.</summary>
public sealed class ResourceEventHandler<T>(
    Action<T>? onAdd = null,
    Action<T, T>? onUpdate = null,
    Action<T>? onDelete = null) : IResourceEventHandler<T>
{
    public void OnAdd(T obj) => onAdd?.Invoke(obj);

    public void OnUpdate(T oldObj, T newObj) => onUpdate?.Invoke(oldObj, newObj);

    public void OnDelete(T obj) => onDelete?.Invoke(obj);
}
