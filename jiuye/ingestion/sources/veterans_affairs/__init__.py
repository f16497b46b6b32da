"""Veterans affairs (退役军人事务): veterans and their discharge dates."""
