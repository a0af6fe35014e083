import csv, re, json, collections
from urllib.parse import urlparse
rows = list(csv.DictReader(open('/work/shared/research/facts-starter.csv')))
countries = list(csv.DictReader(open('/work/main/seed/data/countries.csv')))
core_ids = {r['id'] for r in csv.DictReader(open('/work/main/seed/data/core/actors.csv'))}
name2iso = {c['name'].lower(): c['id'] for c in countries}
name2iso.update({'united kingdom': 'GBR', 'the united kingdom': 'GBR', 'republic of korea': 'KOR', 'the netherlands': 'NLD',
                 'netherlands': 'NLD', 'united arab emirates': 'ARE', 'the united arab emirates': 'ARE', 'united states': 'USA', 'holy see': 'VAT', 'china': 'CHN', 'russia': 'RUS'})
MIRRORS = {'baliprocess.dev.juicebox.com.au','cgt.xeradb.com','de.wikial.top','dev.gaatw.org','docslib.org','heaven-on-earth-wiki.org',
           'readkong.com','studylib.net','the-uncensored-wiki.com','wiki-gateway.eudic.net','wikisum.wiki','www2.fundsforngos.org','fwcis.blogspot.com'}
# Canonical ids for names the other modules use (see /tmp/helper_prompt_common.md).
CANON = {
 'UNODC (UN Office on Drugs and Crime)':'unodc','IOM (International Organization for Migration)':'iom','ILO (International Labour Organization)':'ilo',
 'UNHCR':'unhcr','OHCHR (Office of the High Commissioner for Human Rights)':'ohchr','UNICEF':'unicef','UNIFEM (now UN Women)':'un-women',
 'Council of Europe':'council-of-europe','OSCE (Organization for Security and Co-operation in Europe)':'osce','European Union':'european-union',
 'INTERPOL':'interpol','Europol':'europol','ASEAN Secretariat':'asean',
 'UN.GIFT (UN Global Initiative to Fight Human Trafficking)':'un-gift','ICAT (Inter-Agency Coordination Group against Trafficking in Persons)':'icat',
 'Alliance 8.7':'alliance-8-7','Bali Process':'bali-process','Council of Europe Convention on Action against Trafficking in Human Beings (monitored by GRETA)':'coe-convention-thb',
 'GAATW (Global Alliance Against Traffic in Women)':'gaatw','La Strada International':'la-strada-international','ECPAT International':'ecpat',
 'RENATE (Religious in Europe Networking Against Trafficking and Exploitation)':'renate','Talitha Kum':'talitha-kum','Anti-Slavery International':'anti-slavery-international',
 'Polaris':'polaris-project','International Justice Mission (IJM)':'ijm','Free the Slaves':'free-the-slaves','Walk Free Foundation':'walk-free',
 'Global Initiative Against Transnational Organized Crime (GI-TOC)':'gi-toc','Freedom Fund':'freedom-fund','Global Fund to End Modern Slavery (GFEMS)':'gfems',
 'Humanity United':'humanity-united','Laudes Foundation':'laudes-foundation','Tech Against Trafficking':'tech-against-trafficking','Verité':'verite',
 'IOE (International Organisation of Employers)':'ioe','Microsoft':'microsoft','Amazon':'amazon','BT Group':'bt-group','Salesforce':'salesforce','IBM':'ibm',
 'Global Modern Slavery Directory':'global-modern-slavery-directory','GLO.ACT (Global Action to Prevent and Address Trafficking in Persons and the Smuggling of Migrants)':'unodc-glo-act',
 'US Department of State Office to Monitor and Combat Trafficking in Persons (TIP Office)':'us-jtip','UK Home Office':'uk-home-office',
 'EMPACT Joint Action Days against THB – Operation GLOBAL CHAIN':'empact-thb',
}
HQ = {  # only where the name itself states the country
 'Open Gate – La Strada Macedonia':'MKD','ACRIDES (Cabo Verde)':'CPV',"Children's Voices (DR Congo)":'COD',"Communauté Abel (Côte d'Ivoire)":'CIV',
 'Keoogo (Burkina Faso)':'BFA','Sustain (Cameroon)':'CMR','Farah Social Foundation (Lebanon)':'LBN','Foundation for Women (Thailand)':'THA',
 'Cambodia Prostitutes\' Union (CPU)':'KHM','Shakti Samuha (Nepal)':'NPL','Malaysian Trade Union Congress (MTUC)':'MYS','Vietnam Women\'s Union':'VNM',
 'La Strada Ukraine':'UKR','Mary Ward Loreto (Albania)':'ALB','Swiss Employers\' Confederation':'CHE','Canadian Centre to End Human Trafficking':'CAN',
 'AMUMRA (Asociacion Civil de DDHH Mujeres Unidas Migrantes y Refugiadas en Argentina)':'ARG','USCIB (United States Council for International Business)':'USA',
 'CGECI (Confédération Générale des Entreprises de Côte d\'Ivoire)':'CIV','ABVTEX (Brazil Association of Textile Retail)':'BRA',
 'Australian Department of Foreign Affairs and Trade (DFAT)':'AUS','Global Affairs Canada (formerly CIDA)':'CAN','UK Department for International Development (DFID)':'GBR',
 'Portuguese Observatory on Trafficking in Human Beings (OTSH)':'PRT','US Department of Health and Human Services (HHS)':'USA','UK Home Office':'GBR',
 'US Department of State Office to Monitor and Combat Trafficking in Persons (TIP Office)':'USA','Catholic Bishops\' Conference of England and Wales (CBCEW)':'GBR',
}
def slug(s):
    s = s.lower().replace('&','and').replace('.','')
    s = re.sub(r"[’'`]", '', s)
    return re.sub(r'[^a-z0-9]+','-', s).strip('-')
def split_name(n):
    m = re.match(r'^(.*?)\s*\((.*)\)\s*$', n)
    if not m: return n.strip(), ''
    a, b = m.group(1).strip(), m.group(2).strip()
    if re.fullmatch(r'[A-Z][A-Za-z0-9./&-]{1,14}', a) and len(b) > len(a): return b, a   # "UNODC (UN Office ...)" -> name b, acronym a
    if re.fullmatch(r'[A-Z][A-Za-z0-9./&-]{1,14}', b) and sum(ch.isupper() for ch in b) >= 2: return a, b
    return a, ''   # parenthetical note
def ident(name, typ):
    if name in CANON: return CANON[name]
    if typ == 'Government':
        g = re.sub(r'^Government of (the )?', '', name).strip().lower()
        iso = name2iso.get(g)
        if name == 'Holy See': iso = 'VAT'
        return f'gov-{iso.lower()}' if iso else None
    full, acr = split_name(name)
    return slug(acr or full) if acr and len(acr) >= 3 else slug(full)
def kind_of(name):
    n = name.lower()
    if 'convention' in n: return 'convention'
    if 'process' in n: return 'process'
    if re.search(r'program|programme|project|triangle|glo\.act|work in freedom|aaptip|asean-act|fmm|ocwar', n): return 'programme'
    if 'coalition' in n: return 'coalition'
    if re.search(r'network|alliance|international|kum|renate|platform|group|collaborative', n): return 'network'
    return 'initiative'
SECT = {'IGO':'IGO','NGO':'NGO','Funder':'Funder','Corporate':'Corporate','Academic':'Academic','GovernmentAgency':'Government','Government':'Government'}
nodes = {}
rels = []
dropped = collections.Counter()
def year_span(p):
    ys = [int(y) for y in re.findall(r'(?<!\d)(19\d\d|20\d\d)(?!\d)', p)]
    if not ys: return '', ''
    if re.search(r'until', p): return '', str(max(ys))
    if re.search(r'\d{4}\s*-\s*$', p.split('(')[0].strip()) or p.strip().endswith('-'): return str(min(ys)), ''
    return str(min(ys)), (str(max(ys)) if len(set(ys)) > 1 else '')
for r in rows:
    host = urlparse(r['source_url']).hostname
    if host in MIRRORS: dropped['mirror'] += 1; continue
    ids = []
    for side in ('subject','object'):
        name, typ = r[side], r[f'{side}_type']
        i = ident(name, typ)
        if not i: dropped['unknown government'] += 1; ids = None; break
        kind = 'Partnership' if typ == 'Partnership' else 'Actor'
        if i not in core_ids:
            n = nodes.setdefault(i, {'kind': kind, 'names': name, 'type': typ, 'sources': []})
            if r['source_url'] not in n['sources']: n['sources'].append(r['source_url'])
        ids.append((i, kind))
    if ids is None: continue
    (s, sk), (t, tk) = ids
    typ = r['relation']
    ok = {'MEMBER_OF': tk == 'Partnership', 'FUNDS': sk == 'Actor', 'COORDINATES': sk == 'Actor' and tk == 'Partnership',
          'HOSTS': sk == 'Actor' and tk == 'Partnership', 'PARTNERS_WITH': True, 'PART_OF': True}.get(typ, False)
    if not ok or s == t: dropped[f'endpoint rule {typ}'] += 1; continue
    since, until = year_span(r['year_or_period'])
    if since and until and int(since) > int(until): since, until = until, since
    rels.append({'type': typ, 'source': s, 'target': t, 'role': '', 'since': since, 'until': until, 'amount': '', 'currency': '',
                 'sources': r['source_url'], 'retrieved': '2026-11-24'})
ENRICH = {
 'shakti-samuha': {'issues': 'victim-services|prevention|policy-advocacy', 'founded': '1996', 'website': 'http://shaktisamuha.org.np/',
                   'operates_in': 'NPL', 'sources': ['http://shaktisamuha.org.np/about-us/introduction/']},
}
AF = ['id','name','acronym','aliases','sector','roles','country','founded','website','description','issues','operates_in','sources','retrieved']
PF = ['id','name','acronym','aliases','kind','country','founded','website','description','issues','operates_in','sources','retrieved']
with open('/work/main/seed/data/starter/actors.csv','w',newline='') as fa, open('/work/main/seed/data/starter/partnerships.csv','w',newline='') as fp:
    wa = csv.DictWriter(fa, AF); wa.writeheader(); wp = csv.DictWriter(fp, PF); wp.writeheader()
    for i, n in sorted(nodes.items()):
        full, acr = split_name(n['names'])
        base = {'id': i, 'name': full, 'acronym': acr, 'aliases': '', 'sources': '|'.join(n['sources']), 'retrieved': '2026-11-24',
                'country': HQ.get(n['names'], ''), 'founded': '', 'website': '', 'description': '', 'issues': '', 'operates_in': ''}
        extra = ENRICH.get(i, {})
        for k, v in extra.items():
            if k == 'sources': base['sources'] = '|'.join(v + n['sources'])
            else: base[k] = v
        if n['kind'] == 'Partnership':
            wp.writerow({**base, 'kind': kind_of(n['names'])})
        else:
            sector = SECT[n['type']]
            roles = 'Organization|Funder' if sector == 'Funder' else ('Government' if sector == 'Government' else 'Organization')
            wa.writerow({**base, 'sector': sector, 'roles': roles})
with open('/work/main/seed/data/starter/relationships.csv','w',newline='') as fr:
    w = csv.DictWriter(fr, ['type','source','target','role','since','until','amount','currency','sources','retrieved']); w.writeheader()
    for r in rels: w.writerow(r)
print(len(nodes), 'nodes', len(rels), 'relationships', dict(dropped))
