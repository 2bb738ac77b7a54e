package io.cadang.agent.repository;

import java.io.IOException;

/** The object (or the bucket holding it) does not exist. */
public class ObjectNotFoundException extends IOException {
  public ObjectNotFoundException(String message) {
    super(message);
  }
}
