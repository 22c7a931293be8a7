namespace AffectEngine;

/// <summary>Told when agents come and go (always between ticks), so modules can set up or drop cold state.</summary>
public interface IAgentLifecycle
{
    /// <summary>The agent's hot fields are zero when this is called.</summary>
    void OnAgentAdded(AgentId agent);

    /// <summary>Called before the agent's hot fields are cleared.</summary>
    void OnAgentRemoved(AgentId agent);
}
