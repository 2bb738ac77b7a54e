package io.cadang.agent.repository;

/** What the repository knows of a stored object. */
public record ObjectInfo(String key, long size) {}
