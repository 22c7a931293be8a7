/* A native game loop driving AffectEngine through its C ABI: create a world, add two NPCs, feed
 * game events as elicited emotions, read mood and expression each frame, save and restore a
 * snapshot and check the restored world continues bit-identically (same hash).
 * Build: gcc -std=c11 -Wall -Wextra -Werror example.c -I. -L<dir> -laffectengine -Wl,-rpath,<dir> */
#include <stdio.h>
#include <stdlib.h>
#include "affectengine.h"

#define CHECK(call)                                                          \
    do {                                                                     \
        int rc_ = (call);                                                    \
        if (rc_ != AE_OK) {                                                  \
            char msg_[512];                                                  \
            ae_last_error(msg_, (int)sizeof msg_);                           \
            fprintf(stderr, "%s failed (%d): %s\n", #call, rc_, msg_);       \
            return 1;                                                        \
        }                                                                    \
    } while (0)

int main(void) {
    ae_world *world = NULL;
    ae_agent guard, thief;
    CHECK(ae_world_create("{\"seed\": 42, \"step\": 0.1}", &world));
    CHECK(ae_agent_add(world, "guard", &guard));
    CHECK(ae_agent_add(world, "thief", &thief));
    CHECK(ae_agent_set_personality(world, guard, 0.2f, 0.8f, -0.1f, 0.3f, 0.4f));
    CHECK(ae_agent_set_personality(world, thief, 0.5f, -0.6f, 0.6f, -0.5f, 0.1f));

    for (int frame = 0; frame < 60; frame++) {
        if (frame == 10) { /* game event: the thief is caught */
            CHECK(ae_elicit(world, guard, AE_ANGER, 0.9f));
            CHECK(ae_elicit(world, thief, AE_FEAR, 0.8f));
        }
        CHECK(ae_step(world, 1));
        float pad[3], aus[AE_ACTION_UNIT_COUNT];
        int dominant;
        CHECK(ae_get_mood(world, guard, pad));
        CHECK(ae_get_expression(world, guard, &dominant, aus, AE_ACTION_UNIT_COUNT));
        if (frame % 10 == 1)
            printf("frame %2d guard mood P=%+.3f A=%+.3f D=%+.3f dominant=%d AU4=%.3f\n",
                   frame, pad[0], pad[1], pad[2], dominant, aus[2]);
    }

    float anger;
    CHECK(ae_get_emotion(world, guard, AE_ANGER, &anger));
    if (!(anger > 0.0f)) { fprintf(stderr, "guard should still be angry\n"); return 1; }

    /* Save: ask for the size, then save into a buffer of that size. */
    int size = 0;
    if (ae_snapshot_save(world, NULL, 0, &size) != AE_BUFFER_TOO_SMALL || size <= 0) {
        fprintf(stderr, "size query failed\n"); return 1;
    }
    uint8_t *snapshot = malloc((size_t)size);
    CHECK(ae_snapshot_save(world, snapshot, size, &size));
    CHECK(ae_step(world, 30));
    uint64_t expected, restored;
    CHECK(ae_hash(world, &expected));

    /* Load into a second world made the same way, run the same frames: same hash. */
    ae_world *copy = NULL;
    ae_agent g2, t2;
    CHECK(ae_world_create("{\"seed\": 42, \"step\": 0.1}", &copy));
    CHECK(ae_agent_add(copy, "guard", &g2));
    CHECK(ae_agent_add(copy, "thief", &t2));
    CHECK(ae_snapshot_load(copy, snapshot, size));
    CHECK(ae_step(copy, 30));
    CHECK(ae_hash(copy, &restored));
    free(snapshot);

    /* Errors come back as codes with a message, never as a crash. */
    char msg[256];
    int rc = ae_elicit(world, guard, 99, 0.5f);
    ae_last_error(msg, (int)sizeof msg);
    printf("bad emotion -> status %d: %s\n", rc, msg);
    if (rc != AE_INVALID_ARGUMENT) return 1;
    if (ae_step(NULL, 1) != AE_INVALID_HANDLE) return 1;

    /* A world from a scenario document: agents by name, events already scheduled. */
    ae_world *scene = NULL;
    ae_agent ada;
    float joy = 0.0f;
    CHECK(ae_world_create_scenario(
        "{\"name\": \"c\", \"run\": {\"ticks\": 20, \"step\": \"1s\", \"seed\": 1},"
        " \"agents\": [{\"id\": \"ada\"}],"
        " \"events\": [{\"tick\": 2, \"elicit\": {\"agent\": \"ada\", \"emotion\": \"joy\", \"intensity\": 0.9}}]}",
        &scene));
    CHECK(ae_agent_find(scene, "ada", &ada));
    CHECK(ae_step(scene, 3));
    CHECK(ae_get_emotion(scene, ada, AE_JOY, &joy));
    printf("scenario: ada joy %.3f\n", joy);
    if (!(joy > 0.5f)) return 1;
    ae_world *bad = NULL;
    rc = ae_world_create_scenario("{\"name\": 1}", &bad);
    ae_last_error(msg, (int)sizeof msg);
    printf("bad scenario -> status %d: %s\n", rc, msg);
    if (rc != AE_INVALID_DATA || bad != NULL) return 1;
    ae_world_destroy(scene);

    printf("hash %016llx restored %016llx %s\n", (unsigned long long)expected, (unsigned long long)restored,
           expected == restored ? "MATCH" : "MISMATCH");
    ae_world_destroy(copy);
    ae_world_destroy(world);
    return expected == restored ? 0 : 1;
}
