namespace DynamoMcp.Runtime.Controllers;

[Flags]
public enum RbacVerbs
{
    None = 0,
    Get = 1,
    List = 2,
    Watch = 4,
    Create = 8,
    Update = 16,
    Patch = 32,
    Delete = 64,
    All = Get | List | Watch | Create | Update | Patch | Delete,
}
