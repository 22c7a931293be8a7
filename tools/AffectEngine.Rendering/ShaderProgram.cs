using System;
using System.Collections.Generic;
using Silk.NET.OpenGL;

namespace AffectEngine.Rendering;

/// <summary>A linked vertex + fragment program with cached uniform locations.</summary>
public sealed class ShaderProgram : IDisposable
{
    private readonly GL _gl;
    private readonly Dictionary<string, int> _uniforms = new(StringComparer.Ordinal);
    private uint _handle;

    /// <summary>Compiles and links; the exception carries the stage, the program name and the driver's log.</summary>
    public ShaderProgram(GL gl, string name, string vertexSource, string fragmentSource)
    {
        ArgumentNullException.ThrowIfNull(gl);
        _gl = gl;
        Name = name;
        var vs = Compile(ShaderType.VertexShader, vertexSource);
        uint fs;
        try
        {
            fs = Compile(ShaderType.FragmentShader, fragmentSource);
        }
        catch
        {
            gl.DeleteShader(vs);
            throw;
        }

        _handle = gl.CreateProgram();
        gl.AttachShader(_handle, vs);
        gl.AttachShader(_handle, fs);
        gl.LinkProgram(_handle);
        gl.DetachShader(_handle, vs);
        gl.DetachShader(_handle, fs);
        gl.DeleteShader(vs);
        gl.DeleteShader(fs);
        gl.GetProgram(_handle, ProgramPropertyARB.LinkStatus, out var linked);
        if (linked == 0)
        {
            var log = gl.GetProgramInfoLog(_handle);
            gl.DeleteProgram(_handle);
            _handle = 0;
            throw new InvalidOperationException($"Shader program '{name}' failed to link: {log}");
        }
    }

    /// <summary>The program's name in messages.</summary>
    public string Name { get; }

    /// <summary>The GL program name.</summary>
    public uint Handle => _handle;

    /// <summary>Makes this the current program.</summary>
    public void Use() => _gl.UseProgram(_handle);

    /// <summary>The location of a uniform (-1 when the driver optimised it away).</summary>
    public int Uniform(string name)
    {
        if (!_uniforms.TryGetValue(name, out var location))
        {
            location = _gl.GetUniformLocation(_handle, name);
            _uniforms.Add(name, location);
        }

        return location;
    }

    /// <summary>Sets a float uniform on the current program.</summary>
    public void Set(string name, float value) => _gl.Uniform1(Uniform(name), value);

    /// <summary>Sets an int uniform on the current program.</summary>
    public void Set(string name, int value) => _gl.Uniform1(Uniform(name), value);

    /// <summary>Sets a vec2 uniform on the current program.</summary>
    public void Set(string name, float x, float y) => _gl.Uniform2(Uniform(name), x, y);

    /// <summary>Sets a vec4 uniform on the current program.</summary>
    public void Set(string name, float x, float y, float z, float w) => _gl.Uniform4(Uniform(name), x, y, z, w);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_handle != 0)
        {
            _gl.DeleteProgram(_handle);
            _handle = 0;
        }
    }

    private uint Compile(ShaderType type, string source)
    {
        var shader = _gl.CreateShader(type);
        _gl.ShaderSource(shader, source);
        _gl.CompileShader(shader);
        _gl.GetShader(shader, ShaderParameterName.CompileStatus, out var ok);
        if (ok == 0)
        {
            var log = _gl.GetShaderInfoLog(shader);
            _gl.DeleteShader(shader);
            throw new InvalidOperationException($"{type} of '{Name}' failed to compile: {log}");
        }

        return shader;
    }
}
