"""Civil affairs (民政) and the disabled persons' federation: social assistance households and disability certificates."""
