"""The grassroots service network: stations, 15-minute coverage, station siting."""
