extension Wording {
    /// What the rules say, in French.
    static let rulesFrench: [String: String] = [
        "below_ixp_floor.title": "Membres actifs",
        "stagnant_membership.title": "Nouveaux membres",
        "members_leaving.title": "Départs de membres",
        "falling_traffic.title": "Tendance du trafic",
        "idle_member_ports.title": "Ports inactifs",
        "outgrown_ports.title": "Ports saturés",
        "no_route_server_session.title": "Usage des serveurs de routes",
        "ghost_members.title": "Membres fantômes",
        "traffic_concentration.title": "Concentration du trafic",
        "stale_member_data.title": "Données des membres",

        "below_ixp_floor.ok": "{count} réseaux membres ont échangé du trafic ces dernières 24 heures (un point d'échange actif en compte au moins {floor}).",
        "below_ixp_floor.critical": "Seulement {count} réseaux membres ont échangé du trafic ces dernières 24 heures ; un point d'échange actif en compte au moins {floor}.",
        "below_ixp_floor.not_enough_data": "Trop peu de données de trafic sur les dernières 24 heures pour compter les membres actifs ({known} de la période connue).",

        "stagnant_membership.ok": "{joins} membres ont rejoint le point d'échange ces 12 derniers mois ; {count_now} membres aujourd'hui contre {count_before} il y a six mois.",
        "stagnant_membership.no_join": "Aucun membre n'a rejoint le point d'échange depuis 12 mois (le dernier le {last_join}).",
        "stagnant_membership.no_growth": "Le nombre de membres n'a pas augmenté en six mois : {count_before} alors, {count_now} aujourd'hui.",
        "stagnant_membership.not_enough_data": "L'historique des membres couvre {days} jours ; il en faut {needed} pour juger.",

        "members_leaving.ok": "Ces 12 derniers mois, {joins} membres sont arrivés et {leaves} sont partis.",
        "members_leaving.warning": "Plus de membres sont partis qu'arrivés ces 12 derniers mois : {leaves} départs, {joins} arrivées.",
        "members_leaving.not_enough_data": "L'historique des membres couvre {days} jours ; compter les départs demande des listes de membres sur {needed} jours.",

        "falling_traffic.ok": "Le trafic de pointe ne baisse pas : {qoq} d'un trimestre à l'autre, {yoy} sur un an.",
        "falling_traffic.warning": "Le trafic de pointe baisse : le 95e centile des pointes journalières est passé de {previous} à {current} d'un trimestre à l'autre ({qoq}) ; la tendance est de {slope} par trimestre ({p}).",
        "falling_traffic.yoy": "Le trafic de pointe ne croît plus : {yoy} sur un an, avec une tendance à la baisse de {slope} par trimestre ({p}).",
        "falling_traffic.early": "Alerte précoce : les pointes journalières des 90 derniers jours baissent de {slope} par trimestre ({p}) et baissent encore ces deux dernières semaines.",
        "falling_traffic.not_enough_data": "L'historique du trafic couvre {days} jours, dont {known} connus ; juger la tendance demande {needed} jours.",

        "idle_member_ports.ok": "{idle} des {ports} ports membres sont inactifs (95e centile sur 30 jours sous {threshold} du débit du port).",
        "idle_member_ports.warning": "{idle} des {ports} ports membres ({share}) sont inactifs, sous {threshold} de leur débit depuis 30 jours : {list}.",
        "idle_member_ports.not_enough_data": "Trop peu des 30 derniers jours est connu pour juger les ports inactifs ({known} connus).",

        "outgrown_ports.ok": "Aucun port membre ne dépasse {threshold} de son débit (95e centile sur 7 jours).",
        "outgrown_ports.warning": "{count} ports membres dépassent {threshold} de leur débit (95e centile sur 7 jours) : {list}.",
        "outgrown_ports.not_enough_data": "Trop peu des 7 derniers jours est connu pour juger les ports saturés ({known} connus).",

        "no_route_server_session.ok": "{users} des {members} membres échangent des routes avec les serveurs de routes.",
        "no_route_server_session.warning": "{count} des {members} membres n'ont aucune session avec les serveurs de routes : {list}.",
        "no_route_server_session.falling": "Moins de membres utilisent les serveurs de routes : {share} aujourd'hui contre {share_before} auparavant.",
        "no_route_server_session.not_enough_data": "Les sessions avec les serveurs de routes sont inconnues : aucune capture ne voit le BGP sur le réseau d'échange et la liste des membres ne dit pas qui s'y connecte.",

        "ghost_members.ok": "Chaque membre inscrit comme connecté montre de l'activité sur son port ou sur le réseau d'échange.",
        "ghost_members.warning": "{count} membres inscrits comme connectés ne montrent aucune activité depuis 30 jours (port éteint ou vide, aucune adresse MAC sur le réseau) : {list}.",
        "ghost_members.not_enough_data": "Trop peu d'historique des ports pour juger les membres inscrits comme connectés ({known} connus).",

        "traffic_concentration.ok": "Le plus gros membre porte {top1} du trafic et les trois plus gros {top3}.",
        "traffic_concentration.warning": "Le trafic est concentré : {top_name} porte {top1} du trafic et les trois plus gros {top3}.",
        "traffic_concentration.not_enough_data": "Trop peu de trafic sur les 30 derniers jours pour juger sa répartition.",

        "stale_member_data.ok": "La liste des membres a {age}.",
        "stale_member_data.ok_peeringdb": "La liste des membres a {age} et concorde avec PeeringDB ({peeringdb} réseaux).",
        "stale_member_data.no_timestamp": "La liste des membres ne donne pas sa date d'export : son âge ne peut être jugé.",
        "stale_member_data.old": "La liste des membres a {age} (exportée le {timestamp}) ; les points d'échange la mettent à jour au moins chaque semaine.",
        "stale_member_data.peeringdb": "PeeringDB compte {peeringdb} réseaux sur ce point d'échange, mais {active} membres sont actifs ({difference} d'écart).",
        "stale_member_data.not_enough_data": "Aucune liste de membres n'est configurée : son âge ne peut être jugé.",

        "port_down.summary": "{port} ({member}) est éteint alors qu'il est activé administrativement.",
        "member_down.summary": "Tous les ports de {member} sont éteints : {ports}.",
        "port_errors.summary": "{port} ({member}) : {counter} en hausse, {rate}/s sur la dernière heure.",
        "high_utilisation.summary": "{port} ({member}) est utilisé à {utilisation} de son débit ({speed}).",
        "traffic_anomaly.summary": "{port} ({member}) : le trafic s'écarte de son rythme habituel du jour et de la semaine : {value} pour environ {expected} attendus.",
        "probe_failing.summary": "{probe} échoue : {error}",
        "probe_stale.summary": "{probe} n'envoie plus de données depuis {age}.",
        "capture_drops.summary": "La capture du réseau d'échange a perdu {dropped} trames lors du dernier intervalle.",
        "lan_violation.summary": "{member} ({mac}) a envoyé des trames interdites sur le réseau d'échange ({lan_rule}) : {count} lors du dernier intervalle.",
        "port_speed_mismatch.summary": "{port} ({member}) : la liste des membres indique {listed}, le commutateur annonce {actual}.",
        "connected_port_admin_down.summary": "{member} est inscrit comme connecté, mais {port} est désactivé administrativement.",
        "unknown_port_asn.summary": "{port} est décrit comme AS{asn}, absent de la liste des membres.",
        "departed_member_port_up.summary": "{port} de l'AS{asn}, qui a quitté le point d'échange, est toujours actif.",
        "member_list_unavailable.summary": "La liste des membres n'a pu être chargée depuis {source} : {error} La dernière liste valide reste utilisée.",
        "rule.disabled": "Cette vérification est désactivée dans la configuration.",
        "unknown_member": "membre inconnu",
    ]
}
