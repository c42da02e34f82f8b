/**
 * Today at a mission: the calendar day where the attaché is, when a change comes without its date. A
 * mission whose time zone is not configured counts in UTC (at most a day off, and never in the future for
 * the domain, which accepts any day some place on Earth has reached).
 */
export type MissionDay = (country: string, now: Date) => string;

export function missionDay(timeZones: Readonly<Record<string, string>>): MissionDay {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const formatOf = (country: string) => {
    const zone = timeZones[country] ?? 'UTC';
    let format = formats.get(zone);
    if (!format) {
      // en-CA writes dates as YYYY-MM-DD.
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      formats.set(zone, format);
    }
    return format;
  };
  return (country, now) => formatOf(country).format(now);
}
