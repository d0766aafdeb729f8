/**
 * Word and name lists the generator composes names from. Kept apart from the logic so the shapes of
 * the data (songs.ts, users.ts) read without pages of strings. Invented or generic; nothing here is
 * taken from the real sample. A few entries carry non-ASCII letters, '/', '"' and "'" on purpose: the
 * real data has them and the writers must escape them the way the real files do.
 */

export const FEMALE_FIRST_NAMES = [
  'Aaliyah', 'Abigail', 'Adelyn', 'Alivia', 'Amber', 'Anabelle', 'Ava', 'Brooke', 'Cecilia', 'Chloe',
  'Claire', 'Daisy', 'Eleanor', 'Elena', 'Emily', 'Evelyn', 'Faith', 'Grace', 'Hailey', 'Hannah',
  'Isabella', 'Jacqueline', 'Jasmine', 'Jayla', 'Katherine', 'Kaylee', 'Layla', 'Lily', 'Madison', 'Mia',
  'Molly', 'Natalie', 'Nora', 'Olivia', 'Paige', 'Penelope', 'Rachel', 'Riley', 'Rylee', 'Samantha',
  'Sara', 'Savannah', 'Sienna', 'Sophia', 'Stella', 'Tegan', 'Valeria', 'Victoria', 'Zoe', 'Zoey',
] as const;

export const MALE_FIRST_NAMES = [
  'Aiden', 'Alexander', 'Anthony', 'Austin', 'Benjamin', 'Brayden', 'Caleb', 'Carter', 'Christian', 'Colin',
  'Connor', 'Daniel', 'Dylan', 'Elijah', 'Ethan', 'Gabriel', 'Henry', 'Isaac', 'Jack', 'Jacob',
  'Jayden', 'Jordan', 'Joseph', 'Kevin', 'Landon', 'Liam', 'Logan', 'Lucas', 'Mason', 'Matthew',
  'Micah', 'Nathan', 'Noah', 'Oliver', 'Owen', 'Parker', 'Rodrigo', 'Ryan', 'Samuel', 'Sebastian',
  'Theodore', 'Tucker', 'Tyler', 'Walter', 'Wyatt', 'Xavier', 'Zachary', 'Kashton', 'Emmett', 'Jonah',
] as const;

export const LAST_NAMES = [
  'Adams', 'Allen', 'Alvarez', 'Bailey', 'Baker', 'Barrera', 'Bell', 'Bennett', 'Brooks', 'Brown',
  'Bryant', 'Campbell', 'Carter', 'Castillo', 'Clark', 'Cole', 'Collins', 'Cook', 'Cooper', 'Cruz',
  'Davis', 'Diaz', 'Edwards', 'Ellis', 'Evans', 'Fisher', 'Flores', 'Foster', 'Frye', 'Garcia',
  'Gomez', 'Gonzalez', 'Graham', 'Gray', 'Green', 'Griffin', 'Hall', 'Harris', 'Hayes', 'Henderson',
  'Hernandez', 'Hill', 'Hughes', 'Jackson', 'James', 'Jenkins', 'Johnson', 'Jones', 'Kelly', 'King',
  'Klein', 'Larson', 'Lee', 'Lewis', 'Long', 'Lopez', 'Martin', 'Martinez', 'Mcdonald', 'Miller',
  'Mitchell', 'Moore', 'Morales', 'Morgan', 'Murphy', 'Myers', 'Nelson', 'Nguyen', 'Owens', 'Parker',
  'Patel', 'Perez', 'Perry', 'Peterson', 'Phillips', 'Powell', 'Price', 'Ramirez', 'Reed', 'Reyes',
  'Richardson', 'Rivera', 'Roberts', 'Robinson', 'Rodriguez', 'Ross', 'Russell', 'Sanders', 'Scott', 'Shaw',
  'Simmons', 'Smith', 'Stewart', 'Sullivan', 'Summers', 'Taylor', 'Thompson', 'Torres', 'Turner', 'Walker',
  'Ward', 'Watson', 'White', 'Williams', 'Wilson', 'Wood', 'Wright', 'Young',
] as const;

/** User locations are US metropolitan statistical areas, as in the real logs. */
export const USER_LOCATIONS = [
  'Atlanta-Sandy Springs-Roswell, GA', 'Austin-Round Rock, TX', 'Bakersfield, CA', 'Baltimore-Columbia-Towson, MD',
  'Birmingham-Hoover, AL', 'Boston-Cambridge-Newton, MA-NH', 'Boulder, CO', 'Buffalo-Cheektowaga-Niagara Falls, NY',
  'Charlotte-Concord-Gastonia, NC-SC', 'Chicago-Naperville-Elgin, IL-IN-WI', 'Cincinnati, OH-KY-IN',
  'Cleveland-Elyria, OH', 'Columbus, OH', 'Dallas-Fort Worth-Arlington, TX', 'Denver-Aurora-Lakewood, CO',
  'Des Moines-West Des Moines, IA', 'Detroit-Warren-Dearborn, MI', 'El Paso, TX', 'Eugene, OR', 'Fresno, CA',
  'Grand Rapids-Wyoming, MI', 'Houston-The Woodlands-Sugar Land, TX', 'Indianapolis-Carmel-Anderson, IN',
  'Jacksonville, FL', 'Kansas City, MO-KS', 'Las Vegas-Henderson-Paradise, NV',
  'Los Angeles-Long Beach-Anaheim, CA', 'Louisville/Jefferson County, KY-IN', 'Madison, WI',
  'Memphis, TN-MS-AR', 'Miami-Fort Lauderdale-West Palm Beach, FL', 'Milwaukee-Waukesha-West Allis, WI',
  'Minneapolis-St. Paul-Bloomington, MN-WI', 'Nashville-Davidson--Murfreesboro--Franklin, TN',
  'New Orleans-Metairie, LA', 'New York-Newark-Jersey City, NY-NJ-PA', 'Oklahoma City, OK', 'Omaha-Council Bluffs, NE-IA',
  'Orlando-Kissimmee-Sanford, FL', 'Philadelphia-Camden-Wilmington, PA-NJ-DE-MD', 'Phoenix-Mesa-Scottsdale, AZ',
  'Pittsburgh, PA', 'Portland-Vancouver-Hillsboro, OR-WA', 'Providence-Warwick, RI-MA', 'Raleigh, NC',
  'Richmond, VA', 'Riverside-San Bernardino-Ontario, CA', 'Rochester, NY', 'Sacramento--Roseville--Arden-Arcade, CA',
  'Salt Lake City, UT', 'San Antonio-New Braunfels, TX', 'San Diego-Carlsbad, CA',
  'San Francisco-Oakland-Hayward, CA', 'San Jose-Sunnyvale-Santa Clara, CA', 'Santa Rosa, CA',
  'Seattle-Tacoma-Bellevue, WA', 'Spokane-Spokane Valley, WA', 'St. Louis, MO-IL', 'Tampa-St. Petersburg-Clearwater, FL',
  'Tucson, AZ', 'Tulsa, OK', 'Virginia Beach-Norfolk-Newport News, VA-NC', 'Washington-Arlington-Alexandria, DC-VA-MD-WV',
  'Wichita, KS', 'Winston-Salem, NC', 'Worcester, MA-CT',
] as const;

/**
 * Browser user agents of the period. Listed bare; users.ts wraps those that contain a comma in quotes,
 * because that is what the real logs do (a CSV-style quoting leaked into the JSON).
 */
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36',
  'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36',
  'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.103 Safari/537.36',
  'Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36',
  'Mozilla/5.0 (Windows NT 6.2; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.94 Safari/537.36',
  'Mozilla/5.0 (Windows NT 5.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.77.4 (KHTML, like Gecko) Version/7.0.5 Safari/537.77.4',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.78.2 (KHTML, like Gecko) Version/7.0.6 Safari/537.78.2',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10) AppleWebKit/538.46 (KHTML, like Gecko) Version/8.0 Safari/538.46',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53',
  'Mozilla/5.0 (iPad; CPU OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36',
  'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0',
  'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:32.0) Gecko/20100101 Firefox/32.0',
  'Mozilla/5.0 (Windows NT 6.1; rv:31.0) Gecko/20100101 Firefox/31.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:31.0) Gecko/20100101 Firefox/31.0',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:31.0) Gecko/20100101 Firefox/31.0',
  'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; WOW64; Trident/6.0)',
  'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
] as const;

/** Artist locations: free text as in the Million Song Dataset, with coordinates where it had them. */
export const ARTIST_PLACES: ReadonlyArray<readonly [string, number, number]> = [
  ['New York, NY', 40.71455, -74.00712],
  ['Los Angeles, CA', 34.05349, -118.24532],
  ['California - LA', 34.05349, -118.24532],
  ['California - SF', 37.77916, -122.42005],
  ['Chicago, IL', 41.88415, -87.63241],
  ['Nashville, TN', 36.16778, -86.77836],
  ['Memphis, TN', 35.14968, -90.04892],
  ['Austin, TX', 30.26759, -97.74299],
  ['Houston, TX', 29.76045, -95.36978],
  ['Atlanta, GA', 33.74831, -84.39111],
  ['Seattle, WA', 47.60356, -122.32944],
  ['Detroit, MI', 42.33168, -83.04792],
  ['Minneapolis, MN', 44.97903, -93.26493],
  ['New Orleans, LA', 29.95369, -90.07771],
  ['Philadelphia, PA', 39.95227, -75.16237],
  ['Boston, MA', 42.35864, -71.05674],
  ['Brooklyn, NY', 40.65507, -73.94888],
  ['Queens, NY', 40.7038, -73.83168],
  ['Orlando, FL', 28.53823, -81.37739],
  ['Miami, FL', 25.7289, -80.23742],
  ['London, England', 51.50632, -0.12714],
  ['Manchester, England', 53.4796, -2.24881],
  ['Glasgow, Scotland', 55.85748, -4.24317],
  ['Dublin, Ireland', 53.34376, -6.24953],
  ['Paris, France', 48.85692, 2.34121],
  ['Berlin, Germany', 52.51607, 13.37698],
  ['Stockholm, Sweden', 59.33217, 18.06243],
  ['Reykjavík, Iceland', 64.13564, -21.89541],
  ['Toronto, Ontario, Canada', 43.64856, -79.38533],
  ['Montréal, Québec, Canada', 45.51228, -73.55439],
  ['Kingston, Jamaica', 17.99702, -76.79358],
  ['São Paulo, Brazil', -23.56288, -46.65409],
  ['Buenos Aires, Argentina', -34.60852, -58.37354],
  ['Havana, Cuba', 23.1168, -82.38855],
  ['Mexico City, Mexico', 19.43194, -99.13306],
  ['Sydney, Australia', -33.86963, 151.20695],
  ['Tokyo, Japan', 35.68059, 139.76796],
  ['Lagos, Nigeria', 6.45306, 3.39583],
  ['Ohio', 40.41729, -82.90712],
  ['Texas', 31.1689, -100.07715],
  ['Georgia', 32.67828, -83.22295],
  ['United States', 37.16793, -95.84502],
  ['Pennsylvania', 40.99471, -77.60454],
  ['Utah', 39.49974, -111.54732],
] as const;

export const TITLE_WORDS = [
  'Love', 'Heart', 'Night', 'Day', 'Dream', 'Fire', 'Rain', 'River', 'Road', 'Home', 'Light', 'Shadow',
  'Moon', 'Sun', 'Star', 'Sky', 'Ocean', 'Blue', 'Red', 'Gold', 'Silver', 'Black', 'White', 'Wild',
  'Sweet', 'Broken', 'Lonely', 'Little', 'Crazy', 'Lost', 'Falling', 'Running', 'Dancing', 'Burning',
  'Summer', 'Winter', 'Morning', 'Midnight', 'Tonight', 'Forever', 'Again', 'Away', 'Down', 'Inside',
  'Baby', 'Girl', 'Boy', 'Man', 'Woman', 'Angel', 'Devil', 'Ghost', 'King', 'Queen', 'Soul', 'Spirit',
  'Train', 'Highway', 'City', 'Town', 'Street', 'Window', 'Door', 'Mirror', 'Garden', 'Mountain',
  'Whiskey', 'Wine', 'Sugar', 'Honey', 'Money', 'Time', 'World', 'Life', 'Song', 'Blues', 'Rhythm',
  'Echo', 'Thunder', 'Storm', 'Wind', 'Stone', 'Diamond', 'Paradise', 'Heaven', 'Freedom', 'Secret',
  'Promise', 'Memory', 'Goodbye', 'Hello', 'Yesterday', 'Tomorrow', 'Sunday', 'Saturday', 'Kiss', 'Tears',
  'Smile', 'Eyes', 'Hands', 'Voice', 'Letter', 'Picture', 'Radio', 'Satellite', 'Machine', 'Electric',
  'Mañana', 'Corazón', 'Niño', 'Café', 'Été', 'Für', 'Señorita', 'Ça', 'Mädchen', 'Déjà',
] as const;

export const TITLE_PATTERNS = [
  '{W}', '{W} {W}', '{W} {W}', 'The {W}', 'The {W} {W}', '{W} Of {W}', '{W} In The {W}', 'My {W}',
  "Don't {W}", "I Can't {W}", '{W} {W} {W}', '{W} & {W}', "{W} (It's {W})", '{W}/{W}',
] as const;

export const TITLE_SUFFIXES = [
  ' (Album Version)', ' (LP Version)', ' (Live)', ' (Remix)', ' (Radio Edit)', ' (Instrumental)',
  ' (Acoustic)', ' [Live At The Fillmore]', ' (Remastered)', ' (Demo)', ' (Explicit)', ' (Skit)',
] as const;

export const BAND_WORDS = [
  'Wolves', 'Kings', 'Brothers', 'Sisters', 'Machines', 'Riders', 'Saints', 'Strangers', 'Ghosts', 'Lions',
  'Horses', 'Pilots', 'Rebels', 'Dreamers', 'Hearts', 'Shadows', 'Tigers', 'Giants', 'Ravens', 'Drifters',
  'Orchestra', 'Collective', 'Trio', 'Quartet', 'Band', 'Project', 'Sound System', 'Ensemble',
] as const;

export const BAND_ADJECTIVES = [
  'Black', 'Electric', 'Silver', 'Midnight', 'Velvet', 'Golden', 'Broken', 'Wild', 'Young', 'Lonely',
  'Crystal', 'Neon', 'Iron', 'Paper', 'Royal', 'Southern', 'Northern', 'Atomic', 'Cosmic', 'Holy',
] as const;

/** Stage-name parts, some non-ASCII. */
export const STAGE_NAMES = [
  'Björn', 'Chloé', 'José', 'Zoë', 'Renée', 'Søren', 'Ramón', 'Jürgen', 'Ana', 'Marco', 'Lena', 'Kofi',
  'Yuki', 'Omar', 'Nina', 'Ezra', 'Iris', 'Otis', 'Ruby', 'Felix',
] as const;

export const ARTIST_PREFIXES = ['DJ ', 'MC ', 'Lil ', 'Big ', 'Dr. ', 'Sir '] as const;

export const FEATURING = [' featuring ', ' Featuring ', ' feat. ', ' & ', ' / ', ' and '] as const;
